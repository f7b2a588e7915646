/*
 * The parts of Xen's public guest interface the drivers use, written
 * from the documented layouts of xen/include/public/ (xen.h, memory.h,
 * hvm/params.h, hvm/hvm_op.h, event_channel.h, grant_table.h, sched.h,
 * io/ring.h, io/blkif.h, io/console.h, io/xs_wire.h, io/xenbus.h) for
 * x86_64 guests.  Shared by the drivers and the host harness that plays
 * the hypervisor (tests/host/xen/xen_sim.c), so both sides agree on every
 * byte.  Sizes are checked below.
 */
#ifndef DRIVERS_INCLUDE_XEN_ABI_H
#define DRIVERS_INCLUDE_XEN_ABI_H

#include <stdint.h>

#define XEN_PAGE_SHIFT 12
#define XEN_PAGE_SIZE 4096u

typedef uint16_t xen_domid_t;
#define XEN_DOMID_SELF 0x7ff0

/* Hypercall numbers (xen.h). */
#define XEN_HC_MEMORY_OP 12
#define XEN_HC_XEN_VERSION 17
#define XEN_HC_GRANT_TABLE_OP 20
#define XEN_HC_SCHED_OP 29
#define XEN_HC_EVENT_CHANNEL_OP 32
#define XEN_HC_HVM_OP 34

/* memory_op: XENMEM_add_to_physmap and its spaces (memory.h). */
#define XEN_MEM_ADD_TO_PHYSMAP 7
#define XEN_MAPSPACE_SHARED_INFO 0
#define XEN_MAPSPACE_GRANT_TABLE 1
struct xen_add_to_physmap {
	xen_domid_t domid;
	uint16_t size; /* only for the gmfn_range space */
	uint32_t space;
	uint64_t idx;
	uint64_t gpfn;
};

/* hvm_op: get and set an HVM parameter (hvm_op.h, params.h). */
#define XEN_HVMOP_SET_PARAM 0
#define XEN_HVMOP_GET_PARAM 1
struct xen_hvm_param {
	xen_domid_t domid;
	uint32_t index;
	uint64_t value;
};
#define XEN_HVM_PARAM_CALLBACK_IRQ 0
#define XEN_HVM_PARAM_STORE_PFN 1
#define XEN_HVM_PARAM_STORE_EVTCHN 2
#define XEN_HVM_PARAM_CONSOLE_PFN 17
#define XEN_HVM_PARAM_CONSOLE_EVTCHN 18
/* CALLBACK_IRQ's type in bits 63:56; type 2 delivers on a vector. */
#define XEN_CALLBACK_VIA_VECTOR(v) ((2ULL << 56) | (v))

/* event_channel_op (event_channel.h). */
typedef uint32_t xen_evtchn_port_t;
#define XEN_EVTCHNOP_CLOSE 3
#define XEN_EVTCHNOP_SEND 4
#define XEN_EVTCHNOP_ALLOC_UNBOUND 6
#define XEN_EVTCHNOP_UNMASK 9
struct xen_evtchn_alloc_unbound {
	xen_domid_t dom, remote_dom;
	xen_evtchn_port_t port; /* out */
};
struct xen_evtchn_port_arg { /* close, send, unmask */
	xen_evtchn_port_t port;
};

/* sched_op (sched.h). */
#define XEN_SCHEDOP_YIELD 0
#define XEN_SCHEDOP_SHUTDOWN 2
#define XEN_SHUTDOWN_POWEROFF 0
#define XEN_SHUTDOWN_REBOOT 1
#define XEN_SHUTDOWN_CRASH 3
struct xen_sched_shutdown {
	uint32_t reason;
};

/* The shared info page (xen.h, arch-x86/xen-x86_64.h). */
struct xen_vcpu_time_info { /* the pvclock layout */
	uint32_t version, pad0;
	uint64_t tsc_timestamp, system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags, pad1[2];
};

struct xen_vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	uint8_t pad0[6];
	uint64_t evtchn_pending_sel;
	uint64_t cr2, arch_pad; /* arch_vcpu_info */
	struct xen_vcpu_time_info time;
};

#define XEN_LEGACY_VCPUS 32
#define XEN_EVTCHN_2L_PORTS 4096 /* 64 words of 64 bits */

struct xen_shared_info {
	struct xen_vcpu_info vcpu_info[XEN_LEGACY_VCPUS];
	uint64_t evtchn_pending[XEN_EVTCHN_2L_PORTS / 64];
	uint64_t evtchn_mask[XEN_EVTCHN_2L_PORTS / 64];
	uint32_t wc_version, wc_sec, wc_nsec, wc_sec_hi;
	/* arch_shared_info follows; unused here */
};

/* Grant tables, version 1 entries (grant_table.h). */
typedef uint32_t xen_grant_ref_t;
struct xen_grant_entry_v1 {
	uint16_t flags;
	xen_domid_t domid;
	uint32_t frame;
};
#define XEN_GTF_PERMIT_ACCESS 0x1
#define XEN_GTF_READONLY 0x4
#define XEN_GTF_READING 0x8
#define XEN_GTF_WRITING 0x10
#define XEN_GNTTAB_RESERVED 8 /* entries the toolstack may use */
#define XEN_GNTTAB_PER_FRAME (XEN_PAGE_SIZE / sizeof(struct xen_grant_entry_v1))

/* Shared rings (io/ring.h): a 64-byte header, then the entries. */
struct xen_sring_header {
	uint32_t req_prod, req_event, rsp_prod, rsp_event;
	uint8_t pad[48];
};

/* io/blkif.h */
#define XEN_BLKIF_OP_READ 0
#define XEN_BLKIF_OP_WRITE 1
#define XEN_BLKIF_OP_FLUSH_DISKCACHE 3
#define XEN_BLKIF_MAX_SEGMENTS 11
#define XEN_BLKIF_RSP_OKAY 0
#define XEN_BLKIF_RSP_ERROR (-1)
#define XEN_BLKIF_RSP_EOPNOTSUPP (-2)
#define XEN_VDISK_READONLY 0x4
struct xen_blkif_segment {
	xen_grant_ref_t gref;
	uint8_t first_sect, last_sect; /* 512-byte units within the page */
	uint8_t pad[2];
};
struct xen_blkif_request {
	uint8_t operation;
	uint8_t nr_segments;
	uint16_t handle;
	uint32_t pad;
	uint64_t id;
	uint64_t sector_number; /* 512-byte units */
	struct xen_blkif_segment seg[XEN_BLKIF_MAX_SEGMENTS];
};
struct xen_blkif_response {
	uint64_t id;
	uint8_t operation;
	uint8_t pad;
	int16_t status;
	uint32_t pad2;
};
union xen_blkif_entry {
	struct xen_blkif_request req;
	struct xen_blkif_response rsp;
};
/* A power of two of entries fits the page after the header: 32. */
#define XEN_BLKIF_RING_SIZE 32
struct xen_blkif_sring {
	struct xen_sring_header h;
	union xen_blkif_entry ring[XEN_BLKIF_RING_SIZE];
};

/* io/console.h */
#define XEN_CONS_IN_SIZE 1024
#define XEN_CONS_OUT_SIZE 2048
struct xen_cons_interface {
	char in[XEN_CONS_IN_SIZE];
	char out[XEN_CONS_OUT_SIZE];
	uint32_t in_cons, in_prod, out_cons, out_prod;
};

/* io/xs_wire.h */
enum xen_xs_type {
	XS_DIRECTORY = 1,
	XS_READ = 2,
	XS_WATCH = 4,
	XS_UNWATCH = 5,
	XS_TRANSACTION_START = 6,
	XS_TRANSACTION_END = 7,
	XS_WRITE = 11,
	XS_MKDIR = 12,
	XS_RM = 13,
	XS_WATCH_EVENT = 15,
	XS_ERROR = 16,
};
struct xen_xs_msg {
	uint32_t type, req_id, tx_id, len; /* len bytes of payload follow */
};
#define XEN_XS_RING_SIZE 1024
#define XEN_XS_PAYLOAD_MAX 4096
struct xen_xs_interface {
	char req[XEN_XS_RING_SIZE];
	char rsp[XEN_XS_RING_SIZE];
	uint32_t req_cons, req_prod, rsp_cons, rsp_prod;
};

/* io/xenbus.h */
enum xenbus_state {
	XENBUS_UNKNOWN = 0,
	XENBUS_INITIALISING = 1,
	XENBUS_INITWAIT = 2,
	XENBUS_INITIALISED = 3,
	XENBUS_CONNECTED = 4,
	XENBUS_CLOSING = 5,
	XENBUS_CLOSED = 6,
};

/* CPUID (arch-x86/cpuid.h): the signature, and where the MSR is named. */
#define XEN_CPUID_SIG_EBX 0x566e6558 /* "XenV" */
#define XEN_CPUID_SIG_ECX 0x65584d4d /* "MMXe" */
#define XEN_CPUID_SIG_EDX 0x4d4d566e /* "nVMM" */

_Static_assert(sizeof(struct xen_vcpu_info) == 64, "vcpu_info");
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "add_to_physmap");
_Static_assert(sizeof(struct xen_hvm_param) == 16, "hvm_param");
_Static_assert(sizeof(struct xen_blkif_request) == 112, "blkif_request");
_Static_assert(sizeof(struct xen_blkif_response) == 16, "blkif_response");
_Static_assert(sizeof(struct xen_blkif_sring) <= XEN_PAGE_SIZE, "blkif ring");
_Static_assert(sizeof(struct xen_shared_info) <= XEN_PAGE_SIZE, "shinfo");

#endif
