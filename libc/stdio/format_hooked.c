/*
 * The printf engine once a conversion, modifier or type is registered
 * (printf_register.c).  Like glibc's, it then takes every format as a
 * positional one: a first pass learns the type of every argument (the
 * registered arginfo functions answering for their conversions), all
 * arguments are fetched, and a second pass converts, a registered
 * conversion by its handler writing to a stream that feeds the output.
 * The second pass reuses the first's argument counts: an arginfo is
 * called as often as in glibc (once, and again with the full count for
 * a conversion taking more than one argument).
 */
#include <stdlib.h>
#include <string.h>

#include "printf_registry.h"
#include "stdio_impl.h"

/* A directive and where its arguments are: numbers from 1, 0 for none. */
struct hooked_dir {
	struct fmt_directive d;
	struct printf_info info;
	int width_pos, prec_pos, data_pos, ndata;
	int type, size; /* of the first data argument */
};

/* The arguments of a format, in position order. */
struct hooked_args {
	int max;
	bool numbered, sequential;
	int mem_units; /* union fmt_arg's for the registered types */
	/* Each directive's count of data arguments, from the first pass. */
	unsigned char *ndata;
	size_t ndirs;
	int type[FORMAT_ARGMAX];
	int size[FORMAT_ARGMAX];
	union fmt_arg v[FORMAT_ARGMAX];
};

static void set_length(struct printf_info *info, enum fmt_length len,
		       const char *conv)
{
	switch (len) {
	case LEN_HH:
		info->is_char = 1;
		break;
	case LEN_H:
		info->is_short = 1;
		break;
	case LEN_LL:
		/* "ll" is "l" as well; "L" and "q" are not. */
		info->is_long = conv[-1] == 'l';
		info->is_long_double = 1;
		break;
	case LEN_NONE:
		break;
	default:
		info->is_long = 1;
		break;
	}
}

static void fill_info(struct printf_info *info, const struct fmt_directive *d,
		      const char *conv, bool wide)
{
	unsigned f = d->spec.flags;

	memset(info, 0, sizeof(*info));
	/* A '*' precision is not known to the arginfo (glibc): none yet. */
	info->prec = d->prec_arg >= 0 ? -1 : d->spec.prec;
	info->width = d->spec.width;
	info->spec = (unsigned char)*conv;
	set_length(info, d->spec.len, conv);
	info->alt = !!(f & FMT_ALT);
	info->space = !!(f & FMT_SPACE);
	info->left = !!(f & FMT_MINUS);
	info->showsign = !!(f & FMT_PLUS);
	info->group = !!(f & FMT_GROUP);
	info->i18n = !!(f & FMT_I18N);
	info->wide = wide;
	info->user = d->user;
	info->pad = (f & (FMT_ZERO | FMT_MINUS)) == FMT_ZERO ? '0' : ' ';
}

/* The registered slot of conversion c; none for a wide lead byte. */
static int slot(const struct printf_info *info)
{
	return info->wide && info->spec >= 0x80 ? -1 : (int)info->spec;
}

/* The registered arginfo's count, or -1 when it leaves it to printf. */
static int user_types(const struct printf_info *info, size_t n, int *types,
		      int *sizes)
{
	int c = slot(info);
	printf_arginfo_size_function *fn =
	    c < 0 ? NULL : printf_registry()->arginfo[c];

	return fn ? fn(info, n, types, sizes) : -1;
}

int osv_fmt_hooked_types(const struct fmt_directive *d, const char *conv,
			 size_t n, int *types)
{
	struct printf_info info;
	int sizes[FORMAT_ARGMAX];

	fill_info(&info, d, conv, false);
	return user_types(&info, n < FORMAT_ARGMAX ? n : FORMAT_ARGMAX, types,
			  sizes);
}

/* The position of a '*' (-1: none, 0: next, m: m$) or of the data. */
static int place(int arg, int *next, int count)
{
	int pos = arg > 0 ? arg : *next + 1;

	if (arg < 0 || count == 0)
		return 0;
	if (arg == 0)
		*next += count;
	return pos;
}

/*
 * Parses the directive after a '%' at *p and places its arguments,
 * ndata of them (-1: as its arginfo or built-in conversion says); false
 * for a malformed format or more arguments than the engine takes
 * (checked here, before the positions' sums could overflow).
 */
static bool plan(const char **p, struct hooked_dir *h, int *next, bool wide,
		 int ndata)
{
	if (osv_fmt_parse_hooked(p, &h->d) != PARSE_OK)
		return false;
	/* %% too: a program may register it, and its '*'s take arguments. */
	fill_info(&h->info, &h->d, *p - 1, wide);
	h->width_pos = place(h->d.width_arg, next, 1);
	h->prec_pos = place(h->d.prec_arg, next, 1);
	h->size = 0;
	h->ndata = ndata;
	if (ndata < 0)
		h->ndata = user_types(&h->info, 1, &h->type, &h->size);
	if (h->ndata < 0) {
		h->type = osv_fmt_pa_type(&h->d, *p - 1);
		h->ndata = h->type >= 0;
	}
	if (h->ndata > FORMAT_ARGMAX)
		return false;
	h->data_pos = place(h->d.argpos, next, h->ndata);
	return true;
}

/* Records the types of h's arguments; false when out of range. */
static bool note_types(struct hooked_args *a, const struct hooked_dir *h)
{
	int last = h->data_pos + h->ndata - 1;
	int pos[2] = {h->width_pos, h->prec_pos};

	for (int i = 0; i < 2; i++) {
		if (pos[i] > FORMAT_ARGMAX)
			return false;
		if (pos[i])
			a->type[pos[i] - 1] = PA_INT;
		if (pos[i] > a->max)
			a->max = pos[i];
	}
	if (!h->ndata)
		return true;
	if (last > FORMAT_ARGMAX)
		return false;
	a->type[h->data_pos - 1] = h->type;
	a->size[h->data_pos - 1] = h->size;
	if (last > a->max)
		a->max = last;
	return true;
}

/*
 * Whether a later pass parsed the directive the first counted the
 * arguments of, and placed them among those fetched: a modifier
 * registered since (racing the call, or by a handler) may change the
 * parse.
 */
static bool fetched(const struct hooked_dir *h, const struct hooked_args *a,
		    size_t dir)
{
	return dir < a->ndirs && h->width_pos <= a->max &&
	       h->prec_pos <= a->max && h->data_pos + h->ndata - 1 <= a->max;
}

/*
 * Asks the arginfo of each conversion taking more than one argument for
 * all their types, once all were asked for their first: glibc's order.
 */
static void more_types(struct hooked_args *a, const char *fmt, bool wide)
{
	int next = 0;
	size_t dir = 0;

	for (const char *p = fmt; *p;) {
		struct hooked_dir h;

		if (*p++ != '%')
			continue;
		int ndata = dir < a->ndirs ? a->ndata[dir] : 0;
		if (!plan(&p, &h, &next, wide, ndata) || !fetched(&h, a, dir++))
			return;
		if (h.ndata > 1)
			user_types(&h.info, (size_t)h.ndata,
				   &a->type[h.data_pos - 1],
				   &a->size[h.data_pos - 1]);
	}
}

/* Union fmt_arg's a registered type's value takes. */
static int mem_units(int size)
{
	return size > (int)sizeof(union fmt_arg)
		   ? (size + (int)sizeof(union fmt_arg) - 1) /
			 (int)sizeof(union fmt_arg)
		   : 1;
}

/* The first pass; false when the format cannot be printed. */
static bool scan_args(struct hooked_args *a, const char *fmt, bool wide)
{
	int next = 0;

	a->max = a->mem_units = 0;
	a->numbered = a->sequential = false;
	a->ndirs = 0;
	for (int i = 0; i < FORMAT_ARGMAX; i++) {
		/* Unmentioned positions are fetched as int, as in glibc. */
		a->type[i] = PA_INT;
		a->size[i] = 0;
	}
	for (const char *p = fmt; *p;) {
		struct hooked_dir h;

		if (*p++ != '%')
			continue;
		if (!plan(&p, &h, &next, wide, -1) || !note_types(a, &h))
			return false;
		a->ndata[a->ndirs++] = (unsigned char)h.ndata;
		if (h.d.argpos || h.d.width_arg > 0 || h.d.prec_arg > 0)
			a->numbered = true;
		if ((h.ndata && !h.d.argpos) || h.d.width_arg == 0 ||
		    h.d.prec_arg == 0)
			a->sequential = true;
	}
	more_types(a, fmt, wide);
	for (int i = 0; i < a->max; i++)
		if (a->type[i] >= PA_LAST && !(a->type[i] & PA_FLAG_MASK))
			a->mem_units += mem_units(a->size[i]);
	/* As without registrations, mixing the two forms fails. */
	return !(a->numbered && a->sequential);
}

static bool fetch_int(va_list *ap, int type, union fmt_arg *v)
{
	switch (type) {
	case PA_INT:
	case PA_CHAR:
	case PA_WCHAR:
	case PA_INT | PA_FLAG_SHORT:
		v->i = va_arg(*ap, int);
		return true;
	case PA_INT | PA_FLAG_LONG:
		v->l = va_arg(*ap, long);
		return true;
	case PA_INT | PA_FLAG_LONG_LONG:
		v->ll = va_arg(*ap, long long);
		return true;
	default:
		return false;
	}
}

/*
 * Fetches an argument of glibc type code `type`; a registered type's
 * value goes to *mem, and v points to it.  An unknown type takes no
 * argument and reads as zero (glibc).
 */
static void fetch_arg(va_list *ap, int type, union fmt_arg *v,
		      union fmt_arg **mem, int size)
{
	const struct printf_registry *r = printf_registry();

	if (type & PA_FLAG_PTR) {
		v->p = va_arg(*ap, void *);
	} else if (fetch_int(ap, type, v)) {
	} else if (type == PA_STRING || type == PA_WSTRING ||
		   type == PA_POINTER) {
		v->p = va_arg(*ap, void *);
	} else if (type == PA_FLOAT || type == PA_DOUBLE) {
		v->d = va_arg(*ap, double);
	} else if (type == (PA_DOUBLE | PA_FLAG_LONG_DOUBLE)) {
		v->ld = va_arg(*ap, long double);
	} else if (type >= PA_LAST && type - PA_LAST < r->ntypes &&
		   r->va_arg[type - PA_LAST]) {
		v->p = *mem;
		*mem += mem_units(size);
		r->va_arg[type - PA_LAST](v->p, ap);
	} else {
		memset(v, 0, sizeof(*v));
	}
}

static ssize_t handler_write(void *cookie, const char *buf, size_t n)
{
	struct fmt_out *o = cookie;

	o->sink->put(o->sink, buf, n);
	return (ssize_t)n;
}

static const cookie_io_functions_t handler_io = {.write = handler_write};

/*
 * Calls a registered handler with an unbuffered stream writing straight
 * to the sink, after the output so far: its result.
 */
static int call_handler(struct fmt_out *o, printf_function *fn,
			const struct printf_info *info, const union fmt_arg *v,
			int n)
{
	const void *args[FORMAT_ARGMAX];
	struct stream s;

	for (int i = 0; i < n; i++)
		args[i] = &v[i];
	memset(&s, 0, sizeof(s));
	osv_stdio_init(&s, o, handler_io, F_NORD | F_UNBUF | _IO_USER_LOCK, -1);
	s.mode_chosen = true;
	s.f._mode = info->wide ? 1 : -1;
	osv_fmt_flush(o);
	if (o->sink->drain)
		o->sink->drain(o->sink);
	return fn(&s.f, info, args);
}

/* Resolves the '*'s from the fetched arguments; false on overflow. */
static bool resolve(struct hooked_dir *h, const struct hooked_args *a)
{
	struct fmt_spec *s = &h->d.spec;

	if (h->width_pos) {
		int w = a->v[h->width_pos - 1].i;
		if (w == FMT_INT_MIN)
			return false;
		if (w < 0)
			s->flags |= FMT_MINUS;
		s->width = w < 0 ? -w : w;
	}
	if (h->prec_pos) {
		int prec = a->v[h->prec_pos - 1].i;
		s->prec = prec < 0 ? -1 : prec;
	}
	h->info.width = s->width;
	h->info.prec = s->prec;
	h->info.left = !!(s->flags & FMT_MINUS);
	return true;
}

static bool hooked_directive(struct fmt_out *o, struct hooked_dir *h,
			     const struct hooked_args *a)
{
	static const union fmt_arg none;
	const union fmt_arg *v = h->ndata ? &a->v[h->data_pos - 1] : &none;

	if (!resolve(h, a))
		return false;
	int c = slot(&h->info);
	printf_function *fn = c < 0 ? NULL : printf_registry()->func[c];
	if (fn) {
		int r = call_handler(o, fn, &h->info, v, h->ndata);
		/* -2: the handler leaves this one to printf. */
		if (r != -2) {
			if (r < 0 || !osv_fmt_reserve(o, (size_t)r))
				return false;
			o->count += (size_t)r;
			return true;
		}
	}
	return osv_fmt_convert(o, &h->d.spec, v);
}

/* The second pass: -1 when the call fails. */
static int convert_all(struct fmt_out *o, const char *fmt,
		       const struct hooked_args *a)
{
	bool wide = o->sink->wide;
	int next = 0;
	size_t dir = 0;

	for (const char *p = fmt; *p; dir++) {
		struct hooked_dir h;

		if (!osv_fmt_literal(o, &p))
			return -1;
		if (!*p)
			break;
		p++;
		int ndata = dir < a->ndirs ? a->ndata[dir] : 0;
		if (!plan(&p, &h, &next, wide, ndata) || !fetched(&h, a, dir) ||
		    !hooked_directive(o, &h, a) || o->overflow)
			return -1;
	}
	return 0;
}

/* At least the count of directives in fmt: its count of '%'s. */
static size_t max_directives(const char *fmt)
{
	size_t n = 0;

	for (; (fmt = strchr(fmt, '%')); fmt++)
		n++;
	return n;
}

/* The passes, once the counts of the directives have a place. */
static int format_counted(struct hooked_args *a, struct fmt_out *o,
			  const char *fmt, va_list ap)
{
	va_list aq;

	if (!scan_args(a, fmt, o->sink->wide))
		return -1;
	union fmt_arg mem[a->mem_units ? a->mem_units : 1];
	union fmt_arg *next_mem = mem;
	va_copy(aq, ap);
	for (int i = 0; i < a->max; i++)
		fetch_arg(&aq, a->type[i], &a->v[i], &next_mem, a->size[i]);
	va_end(aq);
	return convert_all(o, fmt, a);
}

/* The counts of most formats' directives fit on the stack. */
#define FMT_DIRS_ON_STACK 128

int osv_fmt_hooked(struct fmt_out *o, const char *fmt, va_list ap)
{
	unsigned char on_stack[FMT_DIRS_ON_STACK];
	struct hooked_args a;

	size_t ndirs = max_directives(fmt);

	a.ndata = on_stack;
	if (ndirs > FMT_DIRS_ON_STACK && !(a.ndata = malloc(ndirs)))
		return -1;
	int r = format_counted(&a, o, fmt, ap);
	if (a.ndata != on_stack)
		free(a.ndata);
	return r;
}
