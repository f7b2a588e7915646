/*
 * kvmclock: KVM's paravirtual clock (Documentation/virt/kvm/x86/
 * cpuid.rst and msr.rst).  CPUID leaf 0x40000000 (or 0x40000100 when
 * the hypervisor also presents Hyper-V's leaves first) carries the
 * signature "KVMKVMKVM\0\0\0"; the next leaf's EAX lists features: bit 3
 * for the clock MSRs at 0x4b564d00/01, bit 0 for the older ones at
 * 0x11/0x12.  Writing a physical address with bit 0 set to the system-
 * time MSR makes the host keep a pvclock structure there up to date;
 * writing one to the wall-clock MSR makes it fill in the Epoch time at
 * system time 0.  Memory is identity-mapped, so addresses are physical.
 *
 * The driver registers it as the clock's source at DRIVER_LEVEL_CONSOLE,
 * before the clock's first reading and before the other clock drivers
 * (the link order): they then open no window.
 *
 * One structure for the boot CPU for now; each CPU will register its own.
 */
#include "arch.h"
#include "clock.h"
#include "driver.h"
#include "pvclock.h"

#define KVM_FEATURE_CLOCKSOURCE (1u << 0)
#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3)
#define MSR_KVM_WALL_CLOCK 0x11
#define MSR_KVM_SYSTEM_TIME 0x12
#define MSR_KVM_WALL_CLOCK_NEW 0x4b564d00
#define MSR_KVM_SYSTEM_TIME_NEW 0x4b564d01

static volatile struct pvclock_time_info time_info __attribute__((aligned(64)));
static volatile struct pvclock_wall_clock wall_clock
    __attribute__((aligned(64)));

/*
 * The base leaf of KVM's CPUID range, or 0.  Leaf 0x40000000 the arch
 * has read (cpuid_hypervisor()): only 0x40000100 is asked here.
 * Without a hypervisor that gives an Intel CPU's highest basic leaf, an
 * AMD CPU's zeros: never the signature.
 */
static uint32_t kvm_leaf(void)
{
	struct cpuid_regs r = cpuid_hypervisor();
	for (uint32_t base = 0x40000000;; base += 0x100) {
		if (r.ebx == 0x4b4d564b && r.ecx == 0x564b4d56 &&
		    r.edx == 0x4d && (r.eax >= base + 1 || r.eax == 0))
			return base;
		if (base == 0x40000100)
			return 0;
		r = cpuid(base + 0x100, 0);
	}
}

static uint64_t read_tsc(void)
{
	return rdtsc();
}

/* Whether KVM's clock MSRs took the areas. */
static bool register_areas(void)
{
	uint32_t base = kvm_leaf();
	if (!base)
		return false;
	uint32_t features = cpuid(base + 1, 0).eax;
	uint32_t system_msr, wall_msr;
	if (features & KVM_FEATURE_CLOCKSOURCE2) {
		system_msr = MSR_KVM_SYSTEM_TIME_NEW;
		wall_msr = MSR_KVM_WALL_CLOCK_NEW;
	} else if (features & KVM_FEATURE_CLOCKSOURCE) {
		system_msr = MSR_KVM_SYSTEM_TIME;
		wall_msr = MSR_KVM_WALL_CLOCK;
	} else {
		return false;
	}
	wrmsr(wall_msr, (uint64_t)(uintptr_t)&wall_clock);
	wrmsr(system_msr, (uint64_t)(uintptr_t)&time_info | 1);
	return time_info.version != 0 && time_info.tsc_to_system_mul != 0;
}

static uint64_t kvmclock_read(void)
{
	uint8_t flags;
	return pvclock_read(&time_info, read_tsc, &flags);
}

static int kvmclock_init(void)
{
	if (!register_areas())
		return -1;
	clock_use_paravirtual(
	    "kvmclock", kvmclock_read,
	    pvclock_tsc_hz(time_info.tsc_to_system_mul, time_info.tsc_shift),
	    wall_clock.version ? pvclock_wall_base(&wall_clock) : 0);
	return 0;
}

DRIVER_REGISTER(DRIVER_LEVEL_CONSOLE, "kvmclock", kvmclock_init);
