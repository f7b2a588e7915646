/*
 * CPUID's hypervisor range, whose first leaf the clock, virtio and Xen
 * code each look at: read once, by a step of the boot, so that asking is
 * a load, not a call (under TCG, a call's return is a block to
 * translate) nor a CPUID (under KVM, an exit to the host).  Without a
 * hypervisor the leaf is read all the same and cleared, rather than
 * not read: one path for the boot to translate.
 */
#include "arch.h"

#define CPUID1_ECX_HYPERVISOR 31

struct cpuid_regs cpuid_hypervisor_leaf;

void cpuid_hypervisor_init(void)
{
	uint32_t keep = -(cpuid(1, 0).ecx >> CPUID1_ECX_HYPERVISOR);
	struct cpuid_regs r = cpuid(0x40000000, 0);
	cpuid_hypervisor_leaf = (struct cpuid_regs){
	    r.eax & keep, r.ebx & keep, r.ecx & keep, r.edx & keep};
}
