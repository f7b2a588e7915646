/*
 * Command-line splitting and kernel options (see cmdline.h).  Words are
 * unquoted in place: the output never grows, so the write position never
 * passes the read position.
 */
#include <stdio.h>
#include <string.h>

#include "cmdline.h"

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

const char cmdline_known_options[] =
    "--verbose --rootfs=TYPE --rootflags=OPTIONS "
    "--mount=TYPE:SOURCE:DIR[:OPTIONS] --ip=IF,ADDR/PREFIX[,GATEWAY] "
    "--dns=ADDR --env=NAME=VALUE --stdin=PATH";

/*
 * What a byte is to the splitter, by one look-up: under TCG a chain of
 * comparisons per byte is a chain of blocks to translate, and most
 * bytes are plain.
 */
enum { PLAIN, BLANK, SPECIAL };
static const unsigned char byte_class[256] = {
    [0] = SPECIAL,  [' '] = BLANK,    ['\t'] = BLANK,  ['\n'] = BLANK,
    ['\r'] = BLANK, ['\''] = SPECIAL, ['"'] = SPECIAL, ['\\'] = SPECIAL,
};

static bool is_blank(char c)
{
	return byte_class[(unsigned char)c] == BLANK;
}

/* As in a shell: before another byte, a backslash is itself. */
static bool escapes_in_double_quotes(char c)
{
	return c == '"' || c == '\\' || c == '$' || c == '`';
}

/*
 * Copies the word at *rp to wp without its quotes and moves *rp past it.
 * Returns NULL or an error.
 */
static const char *take_word(char **rp, char *wp)
{
	char *r = *rp, quote = 0;
	for (;; r++) {
		while (byte_class[(unsigned char)*r] == PLAIN)
			*wp++ = *r++;
		if (!*r || (!quote && is_blank(*r)))
			break;
		if (quote && *r == quote) {
			quote = 0;
		} else if (!quote && (*r == '\'' || *r == '"')) {
			quote = *r;
		} else if (*r == '\\' && quote != '\'' && r[1] == '\n') {
			r++; /* a backslash-newline joins the lines */
		} else if (*r == '\\' && quote != '\'' && r[1] &&
			   (!quote || escapes_in_double_quotes(r[1]))) {
			*wp++ = *++r;
		} else {
			*wp++ = *r;
		}
	}
	/* wp may equal r: step past the blank before ending the word */
	*rp = *r ? r + 1 : r;
	*wp = '\0';
	return quote ? "unbalanced quote in the command line" : NULL;
}

static const char *split_words(char *line, char **words, int *count)
{
	char *r = line;
	*count = 0;
	for (;;) {
		while (is_blank(*r))
			r++;
		if (!*r)
			return NULL;
		if (*count == CMDLINE_MAX_ARGS)
			return "more than " STRINGIFY(
			    CMDLINE_MAX_ARGS) " words in the command line";
		char *w = r;
		const char *err = take_word(&r, w);
		words[(*count)++] = w;
		if (err)
			return err;
	}
}

/*
 * Hypervisors append parameters of their own (QEMU's microvm adds
 * virtio_mmio.device=SIZE@ADDR:IRQ with ACPI off), after the program's
 * arguments.  Drivers read them from the raw command line; they are
 * neither kernel options nor the program's.
 */
static bool is_platform_word(const char *w)
{
	static const char prefix[] = "virtio_mmio.device=";
	return w[0] == 'v' && strncmp(w, prefix, sizeof(prefix) - 1) == 0;
}

static int drop_platform_words(char **words, int count)
{
	int out = 0;
	for (int i = 0; i < count; i++)
		if (!is_platform_word(words[i]))
			words[out++] = words[i];
	return out;
}

/*
 * A message shows a word from the line up to SHOWN bytes, then "...":
 * a value may be thousands of bytes, and the reason after it must fit
 * in the caller's buffer.
 */
#define SHOWN 64

static int shown_bytes(size_t n)
{
	return n > SHOWN ? SHOWN : (int)n;
}

static const char *cut_mark(size_t n)
{
	return n > SHOWN ? "..." : "";
}

/*
 * word is "--env..."; the variable goes in place of one of its name.  A
 * name is any bytes but '=', as setenv and docker take it: Java programs
 * are given names such as spring.profiles.active.
 */
static const char *add_env(const char *word, struct cmdline *out, char *errbuf,
			   size_t errlen)
{
	const char *eq = word[5] == '=' ? strchr(word + 6, '=') : NULL;
	size_t len = strlen(word);
	if (!eq) {
		snprintf(errbuf, errlen,
			 "option '%.*s%s': no '=' between name and value "
			 "(--env=NAME=VALUE)",
			 shown_bytes(len), word, cut_mark(len));
		return errbuf;
	}
	char *var = (char *)word + 6;
	size_t n = (size_t)(eq - var);
	if (n == 0) {
		snprintf(errbuf, errlen,
			 "option '%.*s%s': the variable's name is empty",
			 shown_bytes(len), word, cut_mark(len));
		return errbuf;
	}
	unsigned i = 0;
	while (i < out->env_count && strncmp(out->env[i], var, n + 1) != 0)
		i++;
	out->env[i] = var;
	if (i == out->env_count)
		out->env_count++;
	return NULL;
}

static const char *apply_option(const char *word, struct cmdline *out,
				char *errbuf, size_t errlen)
{
	if (strcmp(word, "--verbose") == 0) {
		out->verbose = true;
		return NULL;
	}
	if (strncmp(word, "--rootfs=", 9) == 0 && word[9]) {
		out->rootfs = word + 9;
		return NULL;
	}
	/* BEGIN filesystem modules (issue 11) */
	if (strncmp(word, "--rootflags=", 12) == 0) {
		out->rootflags = word + 12;
		return NULL;
	}
	if (strncmp(word, "--mount=", 8) == 0 && word[8]) {
		if (out->mount_count == CMDLINE_MAX_MOUNTS) {
			snprintf(errbuf, errlen, "more than %d --mount options",
				 CMDLINE_MAX_MOUNTS);
			return errbuf;
		}
		out->mounts[out->mount_count++] = word + 8;
		return NULL;
	}
	/* END filesystem modules */
	/* BEGIN networking */
	if (strncmp(word, "--ip=", 5) == 0 && word[5]) {
		if (out->ip_count == CMDLINE_MAX_IPS) {
			snprintf(errbuf, errlen, "more than %d --ip options",
				 CMDLINE_MAX_IPS);
			return errbuf;
		}
		out->ips[out->ip_count++] = (char *)word + 5;
		return NULL;
	}
	if (strncmp(word, "--dns=", 6) == 0 && word[6]) {
		out->dns = word + 6;
		return NULL;
	}
	/* END networking */
	if (strncmp(word, "--stdin=", 8) == 0 && word[8]) {
		out->stdin_path = word + 8;
		return NULL;
	}
	if (strncmp(word, "--env", 5) == 0 && (!word[5] || word[5] == '='))
		return add_env(word, out, errbuf, errlen);
	size_t len = strlen(word);
	snprintf(errbuf, errlen, "unknown option '%.*s%s' (known: %s)",
		 shown_bytes(len), word, cut_mark(len), cmdline_known_options);
	return errbuf;
}

const char *cmdline_parse(char *line, struct cmdline *out, char *errbuf,
			  size_t errlen)
{
	char **words = out->argv;
	int count;
	memset(out, 0, sizeof(*out));
	const char *err = split_words(line, words, &count);
	if (err)
		return err;
	count = drop_platform_words(words, count);
	int first = 0;
	for (;
	     first < count && words[first][0] == '-' && words[first][1] == '-';
	     first++) {
		if (words[first][2] == '\0') { /* "--" ends the options */
			first++;
			break;
		}
		err = apply_option(words[first], out, errbuf, errlen);
		if (err)
			return err;
	}
	out->argc = count - first;
	if (first) /* most command lines have no option: nothing moves */
		memmove(out->argv, out->argv + first,
			out->argc * sizeof(char *));
	out->argv[out->argc] = NULL;
	return NULL;
}
