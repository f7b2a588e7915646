/*
 * The boot order, one step a line.  boot.S enters here in long mode on
 * the boot stack, with the first GiB identity-mapped.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"

#include "app.h"
#include "arch.h"
#include "boot.h"
#include "boot_info.h"
#include "bootfs.h"
#include "clock.h"
#include "cmdline.h"
#include "debug.h"
#include "driver.h"
#include "entropy.h"
#include "fd.h"
#include "irq.h"
#include "klog.h"
#include "libc-internal.h"
#include "memory.h"
#include "mm.h"
#include "netconf.h"
#include "osv/power.h"
#include "thread.h"
#include "timer.h"
#include "vfs.h"

static struct boot_info boot_info;
static struct cmdline cmdline;

static void print_boot_time(uint64_t ready_tsc)
{
	uint64_t cycles = ready_tsc - boot_tsc_entry;
	kprintf("osv: booted in %lu us (%lu TSC cycles)\n",
		cycles * 1000000 / clock_tsc_hz(), cycles);
}

static void print_memory(void)
{
	kprintf("osv: RAM %lu KiB in %u ranges, %lu KiB free\n",
		memory_ram_bytes(&boot_info) >> 10, boot_info.ram_count,
		page_alloc_free_bytes() >> 10);
	/* cmdline.verbose, not klog_verbose(): a call fewer (issue 2) */
	if (!cmdline.verbose)
		return; /* the details: skipped whole, not line by line */
	for (unsigned i = 0; i < boot_info.ram_count; i++)
		kinfo("osv:   RAM [0x%lx, 0x%lx)\n", boot_info.ram[i].start,
		      boot_info.ram[i].end);
	/* BEGIN memory layout */
	memory_print_layout(&boot_info);
	/* END memory layout */
}

static void read_initrd(void)
{
	for (unsigned i = 0; i < boot_info.module_count; i++) {
		const struct boot_range *m = &boot_info.modules[i];
		const char *err = bootfs_add_archive(
		    (const void *)(uintptr_t)m->start, m->end - m->start);
		if (err) {
			kprintf("osv: initrd: %s\n", err);
			osv_poweroff(OSV_EXIT_USAGE);
		}
	}
}

static void mount_boot_root(void)
{
	/* The default root (a ramfs) needs no call: the boot runs less. */
	if (cmdline.rootfs)
		vfs_set_root(cmdline.rootfs, NULL); /* rofs root (issue 6) */
	/* BEGIN root found by its label (issue 11) */
	else
		vfs_probe_root(cmdline.argc ? cmdline.argv[0] : NULL);
	/* END root found by its label */
	vfs_set_root_options(cmdline.rootflags); /* fs modules (issue 11) */
	const char *err = vfs_init();
	/* BEGIN filesystem modules (issue 11) */
	/* A root type that exists nowhere is the command line's fault. */
	if (err && cmdline.rootfs && !vfs_find_fstype(cmdline.rootfs)) {
		kprintf("osv: %s\n", err);
		osv_poweroff(OSV_EXIT_USAGE);
	}
	/* END filesystem modules */
	if (err)
		panic("vfs: %s", err);
}

/* --stdin=PATH: after the root, before the program (fd.h). */
static void open_stdin(void)
{
	int err = fd_open_stdin(cmdline.stdin_path);
	if (!err)
		return;
	kprintf("osv: --stdin=%s: %s\n", cmdline.stdin_path, strerror(-err));
	osv_poweroff(OSV_EXIT_USAGE);
}

static void mount_root(void)
{
	/* BEGIN the default boot's tree (issue 2) */
	/* No root to find, no archive to fill it from: the kernel's. */
	if (!cmdline.rootfs && !bootfs_has_archive())
		vfs_use_tree();
	else
		mount_boot_root();
	/* END the default boot's tree */
	/* BEGIN filesystem modules (issue 11) */
	for (unsigned i = 0; i < cmdline.mount_count; i++) {
		const char *err = vfs_mount_spec(cmdline.mounts[i]);
		if (err) {
			kprintf("osv: %s\n", err);
			osv_poweroff(OSV_EXIT_USAGE);
		}
	}
	/* END filesystem modules */
	if (cmdline.stdin_path)
		open_stdin();
}

static void read_cmdline(void)
{
	static char errbuf[256];
	if (boot_info.cmdline_error) {
		kprintf("osv: %s\n", boot_info.cmdline_error);
		osv_poweroff(OSV_EXIT_USAGE);
	}
	/* BEGIN no command line (issue 2) */
	/* Nothing to split: cmdline stays as it is, all zero (no option). */
	if (!boot_info.cmdline[0])
		return;
	/* END no command line */
	const char *err =
	    cmdline_parse(boot_info.cmdline, &cmdline, errbuf, sizeof(errbuf));
	klog_set_verbose(cmdline.verbose);
	/* BEGIN config line with --verbose (issue 2) */
	/* 165 bytes, at ~5 us a byte on an emulated UART: on request only. */
	if (cmdline.verbose)
		kprintf("osv: config " CONF_SUMMARY "\n");
	/* END config line with --verbose */
#if !CONF_net
	if (!err && (cmdline.ip_count || cmdline.dns))
		err = "--ip, --dns: this kernel has no network stack "
		      "(configure --enable-net)";
#endif
	if (!err) {
		if (cmdline.env_count) /* in boot_info's line, kept for good */
			libc_set_environ(cmdline.env);
		return;
	}
	kprintf("osv: %s\n", err);
	osv_poweroff(OSV_EXIT_USAGE);
}

static void print_banner(void)
{
	kprintf("osv " PACKAGE_VERSION " (x86_64)\n");
}

static void start_consoles(void)
{
	drivers_init(DRIVER_LEVEL_CONSOLE);
}

/* The start info, then the memory it describes. */
static void read_start_info(void)
{
	const char *err = pvh_read(boot_start_info_paddr, &boot_info);
	if (err)
		panic("boot: %s", err);
	boot_set_info(&boot_info);
	memory_init(&boot_info);
}

static void start_drivers(void)
{
	for (int level = DRIVER_LEVEL_PLATFORM; level <= DRIVER_LEVEL_DEVICE;
	     level++)
		drivers_init(level);
}

/* BEGIN networking */
#if CONF_net
static void start_network(void)
{
	const char *err =
	    netconf_boot(cmdline.ips, cmdline.ip_count, cmdline.dns);
	if (!err)
		return;
	kprintf("osv: %s\n", err);
	osv_poweroff(OSV_EXIT_USAGE);
}
#endif
/* END networking */

/*
 * The boot's steps, in order, walked by one loop: under TCG, where each
 * block of code run once costs its translation, a call written out costs
 * a block for its return, a loop's body one block for all of them.
 */
static void (*const boot_steps[])(void) = {
    fpu_init, /* first: TCG keys its blocks on the CR0/CR4 bits it sets */
    cpuid_hypervisor_init,
    sched_early_init,
    start_consoles,
    print_banner,
    cpu_tables_init,
    pic_disable,
    read_start_info,
    irq_init,
    timer_init,
    sched_init,
    read_cmdline,
    read_initrd,
    start_drivers,
    entropy_report, /* after the drivers: a virtio-rng device is a source */
    mount_root,
#if CONF_net
    start_network, /* after the drivers (its NICs), the root (resolv.conf) */
#endif
    /* BEGIN low memory */
    memory_release_low, /* the start info was read, drivers kept theirs */
    /* END low memory */
};


void kernel_main(void);

void kernel_main(void)
{
	for (size_t i = 0; i < sizeof(boot_steps) / sizeof(*boot_steps); i++)
		boot_steps[i]();
	uint64_t ready = rdtsc();
	print_memory();
	print_boot_time(ready);
	osv_poweroff(app_main(cmdline.argc, cmdline.argv));
}
