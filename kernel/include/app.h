/*
 * The application entry the boot hands over to once the kernel is ready.
 * argv holds the program and its arguments from the command line (argc
 * may be 0).  The program's environment is the libc's environ, which the
 * boot sets from the --env options (libc_set_environ) before this call.
 * The return value is the machine's exit status.
 */
#ifndef KERNEL_APP_H
#define KERNEL_APP_H

int app_main(int argc, char **argv);

#endif
