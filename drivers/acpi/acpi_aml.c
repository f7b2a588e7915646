/*
 * A small AML walker (ACPI 6.5, chapter 20), not an interpreter.  It
 * walks the namespace-building part of a definition block and picks out:
 *
 *   Name (_S5_, Package () { SLP_TYPa, SLP_TYPb, ... })
 *   Device (X) { Name (_HID, ...)  Name (_CRS, ResourceTemplate () {...}) }
 *
 * Scope, Device and Processor bodies are walked recursively.  Everything
 * whose extent is given by a PkgLength (Method, If, Else, While, fields,
 * power resources, thermal zones) is skipped whole, never executed, so a
 * _HID or _CRS computed by a method is not seen.  Named objects without a
 * PkgLength (OperationRegion, Mutex, Event, Alias, External) are stepped
 * over as long as their operands are constants.  Anything else ends the
 * walk of the current scope (logged, counted in aml_errors); the walk
 * resumes after the enclosing package, so one odd construct costs at most
 * its own scope.  Every read is bounds-checked against its package.
 */
#include <string.h>

#include "acpi.h"

#define OP_ZERO 0x00
#define OP_ONE 0x01
#define OP_ALIAS 0x06
#define OP_NAME 0x08
#define OP_BYTE 0x0a
#define OP_WORD 0x0b
#define OP_DWORD 0x0c
#define OP_STRING 0x0d
#define OP_QWORD 0x0e
#define OP_SCOPE 0x10
#define OP_BUFFER 0x11
#define OP_PACKAGE 0x12
#define OP_VAR_PACKAGE 0x13
#define OP_METHOD 0x14
#define OP_EXTERNAL 0x15
#define OP_EXT 0x5b
#define OP_IF 0xa0
#define OP_ELSE 0xa1
#define OP_WHILE 0xa2
#define OP_ONES 0xff

#define EXT_MUTEX 0x01
#define EXT_EVENT 0x02
#define EXT_REVISION 0x30
#define EXT_REGION 0x80
#define EXT_FIELD 0x81
#define EXT_DEVICE 0x82
#define EXT_PROCESSOR 0x83
#define EXT_POWER_RES 0x84
#define EXT_THERMAL 0x85
#define EXT_INDEX_FIELD 0x86
#define EXT_BANK_FIELD 0x87

struct walker {
	const uint8_t *base; /* start of the AML, for offsets in messages */
	const struct acpi_env *env;
	struct acpi_info *info;
};

/* What Device () collects from its Name objects. */
struct device {
	char hid[9];
	uint64_t base, size;
	uint32_t irq;
	uint8_t irq_flags;
};

/* A position in the AML and the end of the package it lies in. */
struct cursor {
	const uint8_t *p, *end;
};

static void complain(const struct walker *w, const struct cursor *c,
		     const char *what)
{
	w->info->aml_errors++;
	acpi_say(w->env,
		 "aml: %s (byte 0x%02x at offset 0x%x), rest of the scope "
		 "skipped",
		 what, c->p < c->end ? *c->p : 0, (unsigned)(c->p - w->base));
}

static bool have(const struct cursor *c, size_t n)
{
	return (size_t)(c->end - c->p) >= n;
}

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	while (n--)
		v = v << 8 | p[n];
	return v;
}

/*
 * Reads a PkgLength; the package ends that many bytes after the
 * PkgLength's first byte.  False when it is malformed or overruns.
 */
static bool pkg_length(struct cursor *c, const uint8_t **pkg_end)
{
	const uint8_t *start = c->p;
	if (!have(c, 1))
		return false;
	unsigned extra = *c->p >> 6;
	if (!have(c, 1 + extra))
		return false;
	uint32_t len = extra ? *c->p & 0x0f : *c->p & 0x3f;
	for (unsigned i = 0; i < extra; i++)
		len |= (uint32_t)c->p[1 + i] << (4 + 8 * i);
	c->p += 1 + extra;
	if (len < 1 + extra || len > (size_t)(c->end - start))
		return false;
	*pkg_end = start + len;
	return true;
}

static bool name_seg(struct cursor *c, char seg[4])
{
	if (!have(c, 4))
		return false;
	memcpy(seg, c->p, 4);
	c->p += 4;
	return true;
}

/* Reads a NameString; seg gets its last segment ("" for NullName). */
static bool name_string(struct cursor *c, char seg[4])
{
	memset(seg, 0, 4);
	while (have(c, 1) && (*c->p == '\\' || *c->p == '^'))
		c->p++;
	if (!have(c, 1))
		return false;
	unsigned count = 1;
	if (*c->p == 0x00) {
		c->p++;
		return true;
	} else if (*c->p == 0x2e) {
		count = 2;
		c->p++;
	} else if (*c->p == 0x2f) {
		if (!have(c, 2))
			return false;
		count = c->p[1];
		c->p += 2;
	}
	for (unsigned i = 0; i < count; i++)
		if (!name_seg(c, seg))
			return false;
	return true;
}

/* An integer constant (ZeroOp ... QWordConst); false for anything else. */
static bool integer(struct cursor *c, uint64_t *v)
{
	static const unsigned size[] = {
	    [OP_BYTE] = 1, [OP_WORD] = 2, [OP_DWORD] = 4, [OP_QWORD] = 8};
	if (!have(c, 1))
		return false;
	uint8_t op = *c->p;
	if (op == OP_ZERO || op == OP_ONE || op == OP_ONES) {
		*v = op == OP_ONES ? ~0ULL : op;
		c->p++;
		return true;
	}
	if (have(c, 2) && op == OP_EXT && c->p[1] == EXT_REVISION) {
		*v = 0;
		c->p += 2;
		return true;
	}
	if (op > OP_QWORD || !size[op] || !have(c, 1 + size[op]))
		return false;
	*v = le(c->p + 1, size[op]);
	c->p += 1 + size[op];
	return true;
}

/* A string constant; out gets up to outlen - 1 of its bytes. */
static bool string(struct cursor *c, char *out, size_t outlen)
{
	if (!have(c, 1) || *c->p != OP_STRING)
		return false;
	const uint8_t *s = c->p + 1;
	const uint8_t *nul = memchr(s, 0, (size_t)(c->end - s));
	if (!nul)
		return false;
	size_t n =
	    (size_t)(nul - s) < outlen - 1 ? (size_t)(nul - s) : outlen - 1;
	memcpy(out, s, n);
	out[n] = 0;
	c->p = nul + 1;
	return true;
}

/*
 * Steps over one data object: an integer, a string, or a buffer or
 * package (whose extent is known).  False for anything else.
 */
static bool skip_data(struct cursor *c)
{
	uint64_t v;
	char s[1];
	if (integer(c, &v) || string(c, s, sizeof(s)))
		return true;
	if (!have(c, 1))
		return false;
	uint8_t op = *c->p;
	if (op != OP_BUFFER && op != OP_PACKAGE && op != OP_VAR_PACKAGE)
		return false;
	const uint8_t *end;
	c->p++;
	if (!pkg_length(c, &end))
		return false;
	c->p = end;
	return true;
}

/* The EISA id in v ("PNP0A08" for 0x080ad041) as a string. */
static void eisa_id(uint32_t v, char out[9])
{
	static const char hex[] = "0123456789ABCDEF";
	uint8_t b0 = v & 0xff, b1 = v >> 8 & 0xff;
	out[0] = (char)('@' + (b0 >> 2 & 0x1f));
	out[1] = (char)('@' + ((b0 & 3) << 3 | b1 >> 5));
	out[2] = (char)('@' + (b1 & 0x1f));
	for (int i = 0; i < 4; i++)
		out[3 + i] =
		    hex[v >> (i < 2 ? 20 - 4 * i : 28 - 4 * (i - 2)) & 15];
	out[7] = 0;
}

static void name_hid(struct cursor *c, struct device *dev)
{
	uint64_t v;
	if (string(c, dev->hid, sizeof(dev->hid)))
		return;
	if (integer(c, &v))
		eisa_id((uint32_t)v, dev->hid);
	else
		skip_data(c);
}

static void resource_memory(struct device *dev, uint64_t base, uint64_t size)
{
	if (!dev->size && size) {
		dev->base = base;
		dev->size = size;
	}
}

static void resource_irq(struct device *dev, uint32_t irq, bool edge,
			 bool active_low)
{
	if (dev->irq != ACPI_NO_IRQ)
		return;
	dev->irq = irq;
	dev->irq_flags = (uint8_t)((edge ? 0 : ACPI_IRQ_LEVEL) |
				   (active_low ? ACPI_IRQ_ACTIVE_LOW : 0));
}

/* One large resource item (ACPI 6.5, 6.4.3) of len bytes at d. */
static void large_item(uint8_t type, const uint8_t *d, size_t len,
		       struct device *dev)
{
	if (type == 0x06 && len >= 9) /* Memory32Fixed */
		resource_memory(dev, le(d + 1, 4), le(d + 5, 4));
	else if (type == 0x05 && len >= 17) /* Memory32 */
		resource_memory(dev, le(d + 1, 4), le(d + 13, 4));
	else if (type == 0x09 && len >= 6 && d[1]) /* Extended Interrupt */
		resource_irq(dev, (uint32_t)le(d + 2, 4), d[0] & 2, d[0] & 4);
	else if (type == 0x07 && len >= 23 && d[0] == 0) /* DWord memory */
		resource_memory(dev, le(d + 7, 4), le(d + 19, 4));
	else if (type == 0x0a && len >= 43 && d[0] == 0) /* QWord memory */
		resource_memory(dev, le(d + 11, 8), le(d + 35, 8));
}

/* A resource template: small and large items up to the End Tag. */
static void resource_template(const uint8_t *p, const uint8_t *end,
			      struct device *dev)
{
	while (p < end) {
		uint8_t tag = *p;
		if (tag & 0x80) {
			if (end - p < 3 || (size_t)(end - p - 3) < le(p + 1, 2))
				return;
			size_t len = le(p + 1, 2);
			large_item(tag & 0x7f, p + 3, len, dev);
			p += 3 + len;
			continue;
		}
		size_t len = tag & 7;
		uint8_t type = tag >> 3 & 0x0f;
		if (type == 0x0f || (size_t)(end - p - 1) < len)
			return;
		if (type == 0x04 && len >= 2 && le(p + 1, 2)) /* IRQ */
			resource_irq(dev, (uint32_t)__builtin_ctz(le(p + 1, 2)),
				     len < 3 || (p[3] & 1),
				     len >= 3 && (p[3] & 8));
		p += 1 + len;
	}
}

/* Name (_CRS, Buffer (size) { template }). */
static void name_crs(struct cursor *c, struct device *dev)
{
	const uint8_t *end;
	uint64_t size;
	if (!have(c, 1) || *c->p != OP_BUFFER) {
		skip_data(c);
		return;
	}
	c->p++;
	if (!pkg_length(c, &end))
		return;
	struct cursor body = {c->p, end};
	if (integer(&body, &size))
		resource_template(body.p, end, dev);
	c->p = end;
}

/* Name (_S5_, Package () { a, b, ... }). */
static void name_s5(struct cursor *c, struct acpi_info *info)
{
	const uint8_t *end;
	uint64_t a, b;
	if (!have(c, 1) || *c->p != OP_PACKAGE) {
		skip_data(c);
		return;
	}
	c->p++;
	if (!pkg_length(c, &end))
		return;
	struct cursor body = {c->p + 1, end}; /* after NumElements */
	if (c->p < end && integer(&body, &a)) {
		info->have_s5 = true;
		info->s5_a = (uint8_t)a;
		info->s5_b = integer(&body, &b) ? (uint8_t)b : 0;
	}
	c->p = end;
}

static bool name_object(const struct walker *w, struct cursor *c,
			struct device *dev)
{
	char seg[4];
	if (!name_string(c, seg))
		return false;
	if (dev && !memcmp(seg, "_HID", 4))
		name_hid(c, dev);
	else if (dev && !memcmp(seg, "_CRS", 4))
		name_crs(c, dev);
	else if (!dev && !memcmp(seg, "_S5_", 4))
		name_s5(c, w->info);
	else
		return skip_data(c);
	return true;
}

static void term_list(const struct walker *w, struct cursor c,
		      struct device *dev);

static void device_done(const struct walker *w, const struct device *dev)
{
	struct acpi_info *info = w->info;
	if (!dev->hid[0])
		return;
	info->device_count++;
	if (!dev->size || info->mmio_count == ACPI_MAX_DEVICES)
		return;
	struct acpi_device *d = &info->mmio[info->mmio_count++];
	memcpy(d->hid, dev->hid, sizeof(d->hid));
	d->base = dev->base;
	d->size = dev->size;
	d->irq = dev->irq;
	d->irq_flags = dev->irq_flags;
}

/*
 * A Scope, Device or Processor at c (after its opcode): walks its body
 * after skip fixed bytes following the name.
 */
static bool container(const struct walker *w, struct cursor *c, bool device,
		      unsigned skip, struct device *parent)
{
	const uint8_t *end;
	char seg[4];
	if (!pkg_length(c, &end))
		return false;
	struct cursor body = {c->p, end};
	if (!name_string(&body, seg) || !have(&body, skip))
		return false;
	body.p += skip;
	c->p = end;
	if (!device) {
		term_list(w, body, parent);
		return true;
	}
	struct device dev = {.irq = ACPI_NO_IRQ};
	term_list(w, body, &dev);
	device_done(w, &dev);
	return true;
}

static bool skip_package(struct cursor *c)
{
	const uint8_t *end;
	if (!pkg_length(c, &end))
		return false;
	c->p = end;
	return true;
}

/* OperationRegion (name, space, offset, length) with constant operands. */
static bool op_region(struct cursor *c)
{
	char seg[4];
	uint64_t v;
	if (!name_string(c, seg) || !have(c, 1))
		return false;
	c->p++;
	return integer(c, &v) && integer(c, &v);
}

static bool ext_object(const struct walker *w, struct cursor *c,
		       struct device *dev)
{
	char seg[4];
	uint8_t op = c->p[1];
	c->p += 2;
	switch (op) {
	case EXT_DEVICE:
		return container(w, c, true, 0, dev);
	case EXT_PROCESSOR:
		return container(w, c, false, 6, NULL);
	case EXT_FIELD:
	case EXT_INDEX_FIELD:
	case EXT_BANK_FIELD:
	case EXT_POWER_RES:
	case EXT_THERMAL:
		return skip_package(c);
	case EXT_REGION:
		return op_region(c);
	case EXT_MUTEX:
		if (!name_string(c, seg) || !have(c, 1))
			return false;
		c->p++;
		return true;
	case EXT_EVENT:
		return name_string(c, seg);
	}
	c->p -= 2;
	return false;
}

/* One term; false when it cannot be stepped over. */
static bool term(const struct walker *w, struct cursor *c, struct device *dev)
{
	char seg[4];
	uint8_t op = *c->p;
	if (op == OP_EXT && have(c, 2))
		return ext_object(w, c, dev);
	c->p++;
	switch (op) {
	case OP_SCOPE:
		return container(w, c, false, 0, dev);
	case OP_NAME:
		return name_object(w, c, dev);
	case OP_METHOD:
	case OP_IF:
	case OP_ELSE:
	case OP_WHILE:
		return skip_package(c);
	case OP_ALIAS:
		return name_string(c, seg) && name_string(c, seg);
	case OP_EXTERNAL:
		if (!name_string(c, seg) || !have(c, 2))
			return false;
		c->p += 2;
		return true;
	}
	c->p--;
	return false;
}

static void term_list(const struct walker *w, struct cursor c,
		      struct device *dev)
{
	while (c.p < c.end) {
		const uint8_t *at = c.p;
		if (!term(w, &c, dev)) {
			c.p = at;
			complain(w, &c, "unsupported or malformed term");
			return;
		}
	}
}

void acpi_aml_walk(const uint8_t *aml, size_t len, const struct acpi_env *env,
		   struct acpi_info *info)
{
	struct walker w = {aml, env, info};
	term_list(&w, (struct cursor){aml, aml + len}, NULL);
}
