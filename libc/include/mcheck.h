#ifndef _MCHECK_H
#define _MCHECK_H

/* glibc's malloc tracing: its libc.so.6 has these as no-ops (the tracer
   is libc_malloc_debug.so, preloaded); so are osv's. */
void mtrace(void);
void muntrace(void);

#endif
