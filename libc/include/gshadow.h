/* gshadow.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _GSHADOW_H
#define _GSHADOW_H

#include <stddef.h>

struct sgrp {
	char *sg_namp;
	char *sg_passwd;
	char **sg_adm;
	char **sg_mem;
};

void setsgent(void);
void endsgent(void);
struct sgrp *getsgent(void);
struct sgrp *getsgnam(const char *name);
int getsgent_r(struct sgrp *sg, char *buf, size_t len, struct sgrp **result);
int getsgnam_r(const char *name, struct sgrp *sg, char *buf, size_t len,
	       struct sgrp **result);

#endif
