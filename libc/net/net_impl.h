/*
 * What the libc's socket calls share: the file calls' results
 * (libc/fs/fs_impl.h: errno, the handlers of an interrupted wait, its
 * restart under SA_RESTART, SIGPIPE) and the kernel's socket calls.
 */
#ifndef OSV_LIBC_NET_IMPL_H
#define OSV_LIBC_NET_IMPL_H

#include "../fs/fs_impl.h"
#include "socket_calls.h"

#endif
