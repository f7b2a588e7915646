/*
 * Xen guest core: detection (xen_hv.h), the shared info page, then
 * event channels, grant tables and the XenStore connection, in that
 * order, since each needs the one before.  On a machine without Xen
 * it says so (with --verbose) and leaves everything else alone: a
 * kernel with the xen driver boots on plain QEMU as well.
 *
 * The shared info page goes where XENMEM_add_to_physmap puts it: a page
 * of ours whose frame Xen replaces with the shared page.  vCPU 0's info
 * (event selector, upcall flags, pvclock) is its first slot; Xen keeps
 * that slot current as long as no VCPUOP_register_vcpu_info moves it.
 */
#include <errno.h>

#include "driver.h"
#include "klog.h"
#include "mm.h"
#include "xen.h"
#include "xen_hv.h"

#define GNTTAB_FRAMES 4

static volatile struct xen_shared_info *shared_info;
static bool present;

bool xen_present(void)
{
	return present;
}

volatile struct xen_shared_info *xen_shared_info(void)
{
	return shared_info;
}

int xen_hvm_get_param(uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = {.domid = XEN_DOMID_SELF, .index = index};
	long rc = xen_hypercall(XEN_HC_HVM_OP, XEN_HVMOP_GET_PARAM,
				(unsigned long)&p, 0);
	if (rc)
		return (int)rc;
	*value = p.value;
	return 0;
}

static int map_shared_info(void)
{
	void *page = page_alloc(0);
	if (!page)
		return -ENOMEM;
	struct xen_add_to_physmap xatp = {
	    .domid = XEN_DOMID_SELF,
	    .space = XEN_MAPSPACE_SHARED_INFO,
	    .idx = 0,
	    .gpfn = xen_hv_gfn(page),
	};
	long rc = xen_hypercall(XEN_HC_MEMORY_OP, XEN_MEM_ADD_TO_PHYSMAP,
				(unsigned long)&xatp, 0);
	if (rc) {
		page_free(page, 0);
		return (int)rc;
	}
	shared_info = page;
	return 0;
}

static int connect_store(void)
{
	uint64_t pfn = 0, port = 0;
	int rc = xen_hvm_get_param(XEN_HVM_PARAM_STORE_PFN, &pfn);
	if (!rc)
		rc = xen_hvm_get_param(XEN_HVM_PARAM_STORE_EVTCHN, &port);
	if (rc)
		return rc;
	void *ring = pfn ? xen_hv_map_frame(pfn) : NULL;
	if (!ring)
		return -ENODEV;
	return xs_init(ring, (xen_evtchn_port_t)port);
}

/*
 * Each step, and what its failure is called.  Not inlined: a boot
 * without Xen then runs a short xen_init() (under TCG, the code run
 * once is what a boot costs, and setup's registers its prologue).
 */
static __attribute__((noinline)) int setup(void)
{
	int rc = map_shared_info();
	if (rc) {
		kprintf("xen: cannot map the shared info page (%d)\n", rc);
		return rc;
	}
	if (evtchn_init()) {
		kprintf("xen: no vector for the event channel upcall\n");
		return -1;
	}
	rc = gnttab_init(GNTTAB_FRAMES);
	if (rc) {
		kprintf("xen: cannot map the grant table (%d)\n", rc);
		return rc;
	}
	rc = connect_store();
	if (rc) {
		kprintf("xen: no XenStore (%d)\n", rc);
		return rc;
	}
	return 0;
}

/* Xen found: its version said, and the rest set up. */
static __attribute__((noinline)) int start(uint32_t version)
{
	kprintf("xen: Xen %u.%u\n", version >> 16, version & 0xffff);
	if (setup())
		return -1;
	present = true;
	return 0;
}

int xen_init(void)
{
	uint32_t version;
	if (!xen_hv_init(&version))
		return start(version);
	/* with --verbose only: every boot elsewhere would print it */
	kinfo("xen: no Xen hypervisor found\n");
	return -1;
}

/* The other Xen drivers need what it finds (driver.h). */
DRIVER_REGISTER_HW(DRIVER_LEVEL_PLATFORM, "xen", xen_init, 0, DRIVER_HW_XEN);
