# The kernel proper: boot, arch, memory, console, diagnostics.
noinst_LIBRARIES += kernel/libkernel.a kernel/libapp_loader.a

kernel_libkernel_a_CPPFLAGS = $(KERNEL_CPPFLAGS)
kernel_libkernel_a_CFLAGS = $(KERNEL_CFLAGS)
kernel_libkernel_a_SOURCES = \
	%D%/arch/x86_64/asm.h \
	%D%/arch/x86_64/backtrace.c \
	%D%/arch/x86_64/boot.S \
	%D%/arch/x86_64/cpu_tables.S \
	%D%/arch/x86_64/debug_exit.c \
	%D%/arch/x86_64/entry.S \
	%D%/arch/x86_64/paging.c \
	%D%/arch/x86_64/pic.c \
	%D%/arch/x86_64/trap.c \
	%D%/arch/x86_64/tsc.c \
	%D%/arch/x86_64/uaccess_copy.S \
	%D%/arch/x86_64/uaccess.c \
	%D%/include/uaccess.h \
	%D%/arch/x86_64/hypervisor.c \
	%D%/auxv.c \
	%D%/cmdline.c \
	%D%/console.c \
	%D%/debug.c \
	%D%/driver.c \
	%D%/elf/dl.c \
	%D%/elf/elf_impl.h \
	%D%/elf/loader.c \
	%D%/elf/object.c \
	%D%/elf/reloc.c \
	%D%/elf/symbol.c \
	%D%/elf/tls.c \
	%D%/fs/bootfs.c \
	%D%/fs/bootfs_release.c \
	%D%/fs/cpio_newc.c \
	%D%/fs/cpio_newc.h \
	%D%/klog.c \
	%D%/main.c \
	%D%/memory.c \
	%D%/mm/heap.c \
	%D%/mm/page_alloc.c \
	%D%/power.c \
	%D%/pvh.c \
	%D%/include/app.h \
	%D%/include/arch.h \
	%D%/include/auxv.h \
	%D%/include/boot.h \
	%D%/include/bootfs.h \
	%D%/include/cmdline.h \
	%D%/include/console.h \
	%D%/include/debug.h \
	%D%/include/driver.h \
	%D%/include/elf_loader.h \
	%D%/include/klog.h \
	%D%/include/memory.h \
	%D%/include/mm.h \
	include/osv/power.h

# kernel.elf's app_main: the program loader.  Test kernels link their
# own app_main instead, so it is not in libkernel.a.
kernel_libapp_loader_a_CPPFLAGS = $(KERNEL_CPPFLAGS)
kernel_libapp_loader_a_CFLAGS = $(KERNEL_CFLAGS)
kernel_libapp_loader_a_SOURCES = %D%/app_loader.c

EXTRA_DIST += %D%/arch/x86_64/kernel.ld build-aux/link-kernel \
	build-aux/gen-ksyms build-aux/check-irq-fixed

# kernel.elf.map: its linker map (make size-report's composition).
%D%/kernel.elf: kernel/libapp_loader.a $(KERNEL_LINK_DEPS)
	$(AM_V_GEN)KERNEL_MAP=$@.map $(LINK_KERNEL) $@ $(KERNEL_LDS) kernel/libapp_loader.a \
		$(KERNEL_LINK_INPUTS)

osvlibdir = $(libdir)/osv
osvlib_DATA = %D%/kernel.elf
# BEGIN installed kernel stripped
# The installed kernel boots without its static symbol table and debug
# information: QEMU reads and sorts a kernel's .symtab at every start
# (about 2M host instructions, ~0.5 ms), while the kernel symbolizes its
# backtraces from its own .ksyms.  They are installed beside it as
# kernel.elf.debug, which gdb finds by the kernel's .gnu_debuglink.
install-data-hook: install-kernel-strip
install-kernel-strip:
	cd $(DESTDIR)$(osvlibdir) && \
	$(OBJCOPY) --only-keep-debug kernel.elf kernel.elf.debug && \
	$(OBJCOPY) --strip-all --add-gnu-debuglink=kernel.elf.debug kernel.elf
uninstall-hook: uninstall-kernel-strip
uninstall-kernel-strip:
	rm -f $(DESTDIR)$(osvlibdir)/kernel.elf.debug
.PHONY: install-kernel-strip uninstall-kernel-strip
# END installed kernel stripped
osvincludedir = $(includedir)/osv
osvinclude_HEADERS = include/osv/power.h include/osv/api.h
CLEANFILES += %D%/kernel.elf %D%/kernel.elf.map

# BEGIN interrupts, time and threads (issue 4)
kernel_libkernel_a_SOURCES += \
	%D%/arch/x86_64/apic_impl.h \
	%D%/arch/x86_64/fpu.c \
	%D%/arch/x86_64/ioapic.c \
	%D%/arch/x86_64/irq.c \
	%D%/arch/x86_64/lapic.c \
	%D%/arch/x86_64/lapic_timer.c \
	%D%/arch/x86_64/rtc.c \
	%D%/arch/x86_64/switch.S \
	%D%/sched/mm_locks.c \
	%D%/sched/sched.c \
	%D%/sched/sched_impl.h \
	%D%/sched/sleeplock.c \
	%D%/sched/stack.c \
	%D%/sched/thread.c \
	%D%/sched/wait.c \
	%D%/time/clock.c \
	%D%/time/refine.c \
	%D%/time/rtc_decode.c \
	%D%/time/time_impl.h \
	%D%/time/timer.c \
	%D%/time/timer_heap.c \
	%D%/include/clock.h \
	%D%/include/irq.h \
	%D%/include/spinlock.h \
	%D%/include/thread.h \
	%D%/include/timer.h
# END interrupts, time and threads

# BEGIN spinlocks out of line (issue 2)
kernel_libkernel_a_SOURCES += %D%/sched/spinlock.c
# END spinlocks out of line

# BEGIN memory mappings (issue 6)
kernel_libkernel_a_SOURCES += %D%/mm/vma.c %D%/include/vm.h
# END memory mappings

# For drivers: the published boot information and the power hooks;
# for filesystems and the libc: block devices and entropy sources.
kernel_libkernel_a_SOURCES += %D%/blkdev.c %D%/boot_info.c \
	%D%/entropy.c %D%/chacha20.c %D%/power_hooks.c %D%/include/blkdev.h \
	%D%/include/boot_info.h %D%/include/entropy.h %D%/include/chacha20.h \
	%D%/include/p9_transport.h \
	%D%/include/power_hooks.h %D%/include/power.h \
	%D%/include/hexdigit.h

# BEGIN filesystems (issue 6)
kernel_libkernel_a_SOURCES += \
	%D%/fs/console_file.c \
	%D%/fs/console_file.h \
	%D%/fs/devfs.c \
	%D%/fs/fd.c \
	%D%/fs/file.c \
	%D%/fs/fs_attr.c \
	%D%/fs/fs_cwd.c \
	%D%/fs/fs_fd.c \
	%D%/fs/fs_lock.c \
	%D%/fs/fs_mount.c \
	%D%/fs/fs_names.c \
	%D%/fs/fs_open.c \
	%D%/fs/stdin_file.c \
	%D%/fs/fs_rw.c \
	%D%/fs/namei.c \
	%D%/fs/pipe.c \
	%D%/fs/socket.c \
	%D%/fs/socket_file.c \
	%D%/fs/socket_impl.h \
	%D%/fs/unix_data.c \
	%D%/fs/unix_impl.h \
	%D%/fs/unix_socket.c \
	%D%/fs/ramfs.c \
	%D%/fs/ramfs.h \
	%D%/fs/ramfs_pages.c \
	%D%/fs/ramfs_pages.h \
	%D%/fs/rootfs.c \
	%D%/fs/vfs.c \
	%D%/fs/vfs_impl.h \
	%D%/fs/vm_file.c \
	%D%/fs/vnode_file.c \
	%D%/fs/vnode_pages.c \
	%D%/include/fd.h \
	%D%/include/fs_calls.h \
	%D%/include/socket_calls.h \
	%D%/include/sleeplock.h \
	%D%/include/vfs.h
# END filesystems
# BEGIN poll (console9)
kernel_libkernel_a_SOURCES += %D%/fs/fs_poll.c
# END poll
# BEGIN epoll, eventfd, timerfd (epoll10)
kernel_libkernel_a_SOURCES += %D%/fs/epoll.c %D%/fs/eventfd.c \
	%D%/fs/timerfd.c
# END epoll, eventfd, timerfd
# BEGIN signalfd (abilast)
kernel_libkernel_a_SOURCES += %D%/fs/signalfd.c
# END signalfd
# BEGIN inotify (inotify13)
kernel_libkernel_a_SOURCES += %D%/fs/inotify.c
# END inotify

# BEGIN filesystems (issue 9)
if DRIVER_VIRTIO_9P
kernel_libkernel_a_SOURCES += \
	%D%/fs/p9_channel.c \
	%D%/fs/p9_client.c \
	%D%/fs/p9_client.h \
	%D%/fs/p9_msg.c \
	%D%/fs/p9_msg.h \
	%D%/fs/p9fs.h \
	%D%/fs/p9fs_mount.c \
	%D%/fs/p9fs_nodes.c \
	%D%/fs/p9fs_vnode.c
endif
if PROCFS
kernel_libkernel_a_SOURCES += %D%/fs/procfs.c
endif
# END filesystems
# BEGIN filesystem modules (issue 11)
# Filesystem types from loadable modules (--rootfs=TYPE, --mount=...).
kernel_libkernel_a_SOURCES += %D%/fs/fs_module.c
# END filesystem modules
# BEGIN root found by its label (issue 11)
kernel_libkernel_a_SOURCES += %D%/fs/root_probe.c
# END root found by its label

# BEGIN networking
# The network stack (configure's --enable-net): interfaces and the
# thread that receives their frames.
kernel_libkernel_a_SOURCES += %D%/include/netdev.h %D%/include/netconf.h
if NET
kernel_libkernel_a_SOURCES += %D%/net/netdev.c \
	%D%/net/packet_socket.c \
	%D%/net/if_ioctl.c
# IPv4 (see %D%/net/ip4.h): the stack's core, ARP, the loopback,
# ICMP, UDP and the AF_INET family
kernel_libkernel_a_SOURCES += %D%/net/ip4.h %D%/net/ip4_stack.c \
	%D%/net/ip4_addr.c %D%/net/ip4_input.c %D%/net/ip4_output.c \
	%D%/net/ip4_reass.h %D%/net/ip4_reass.c %D%/net/inet_cksum.h \
	%D%/net/inet_cksum.c \
	%D%/net/arp.c %D%/net/loopback.c %D%/net/icmp.h %D%/net/icmp.c \
	%D%/net/inet_sock.h %D%/net/inet_socket.c %D%/net/inet_ioctl.h \
	%D%/net/inet_ioctl.c %D%/net/udp_impl.h %D%/net/udp.c \
	%D%/net/udp_socket.c %D%/net/udp_data.c %D%/net/dhcp.h \
	%D%/net/dhcp.c %D%/net/net_config.c
# TCP: the engine (see %D%/net/tcp_core.h), whose allocations are made
# under the stack's spinlock, so from the heap (malloc may map), and its
# sockets (%D%/net/tcp_sock.h)
kernel_libkernel_a_CPPFLAGS += -DTCP_MALLOC=heap_alloc -DTCP_FREE=heap_free
kernel_libkernel_a_SOURCES += %D%/net/tcp_core.h %D%/net/tcp_impl.h \
	%D%/net/tcp_checksum.c %D%/net/tcp_icmp.c %D%/net/tcp_input.c \
	%D%/net/tcp_listen.c %D%/net/tcp_opts.c %D%/net/tcp_output.c \
	%D%/net/tcp_ring.c %D%/net/tcp_table.c %D%/net/tcp_timer.c \
	%D%/net/tcp_user.c \
	%D%/net/tcp_sock.h %D%/net/tcp_stack.c %D%/net/tcp_isn.c \
	%D%/net/tcp_socket.c %D%/net/tcp_data.c %D%/net/tcp_sockopt.c
endif
# END networking

# BEGIN the default boot's tree (issue 2)
kernel_libkernel_a_SOURCES += %D%/include/image.h
# END the default boot's tree
