/* kernel/cmdline.c on the host: splitting, quoting, options, errors. */
#include <string.h>

#include "cmdline.h"
#include "tap.h"

static struct cmdline cl;
static char errbuf[256];

static const char *parse(const char *text)
{
	static char line[1024];
	strcpy(line, text);
	return cmdline_parse(line, &cl, errbuf, sizeof(errbuf));
}

static int argv_is(int argc, const char *const *want)
{
	if (cl.argc != argc || cl.argv[argc] != NULL)
		return 0;
	for (int i = 0; i < argc; i++)
		if (strcmp(cl.argv[i], want[i]) != 0)
			return 0;
	return 1;
}

static int env_is(unsigned count, const char *const *want)
{
	if (cl.env_count != count || cl.env[count] != NULL)
		return 0;
	for (unsigned i = 0; i < count; i++)
		if (strcmp(cl.env[i], want[i]) != 0)
			return 0;
	return 1;
}

int main(void)
{
	TAP_OK(parse("") == NULL && cl.argc == 0 && !cl.verbose,
	       "empty line: no program, no options");
	TAP_OK(parse("  \t ") == NULL && cl.argc == 0, "blanks only");

	const char *a1[] = {"/hello.so", "world"};
	TAP_OK(parse("--verbose /hello.so world") == NULL && cl.verbose &&
		   argv_is(2, a1),
	       "option, then program and argument");

	const char *a2[] = {"/my app.so", "a b", "it's", "x\"y"};
	TAP_OK(parse("\"/my app.so\" 'a b' it\\'s 'x\"y'") == NULL &&
		   argv_is(4, a2),
	       "double quotes, single quotes, backslash");

	const char *a3[] = {"ab", "c"};
	TAP_OK(parse("  a\"\"b   c  ") == NULL && argv_is(2, a3),
	       "empty quotes inside a word, extra blanks");

	const char *a4[] = {"", "x"};
	TAP_OK(parse("'' x") == NULL && argv_is(2, a4),
	       "an empty quoted argument is kept");

	const char *a5[] = {"--verbose", "x"};
	TAP_OK(parse("-- --verbose x") == NULL && !cl.verbose && argv_is(2, a5),
	       "-- ends the options");

	const char *a6[] = {"/p.so", "--verbose"};
	TAP_OK(parse("/p.so --verbose") == NULL && !cl.verbose &&
		   argv_is(2, a6),
	       "options after the program belong to the program");

	const char *err = parse("--verbose --frobnicate=3 /p.so");
	TAP_OK(err && strcmp(err,
			     "unknown option '--frobnicate=3' (known: "
			     "--verbose --rootfs=TYPE --rootflags=OPTIONS "
			     "--mount=TYPE:SOURCE:DIR[:OPTIONS] "
			     "--ip=IF,ADDR/PREFIX[,GATEWAY] "
			     "--dns=ADDR --env=NAME=VALUE --stdin=PATH)") == 0,
	       "unknown option named: %s", err ? err : "(none)");

	TAP_OK(parse("--rootfs=rofs /p.so") == NULL && cl.rootfs &&
		   strcmp(cl.rootfs, "rofs") == 0 && argv_is(1, a6),
	       "--rootfs=TYPE");
	TAP_OK(parse("/p.so") == NULL && cl.rootfs == NULL,
	       "no --rootfs: the default root");
	TAP_OK(parse("--rootfs= /p.so") != NULL, "--rootfs= needs a type");

	TAP_OK(parse("--ip=eth0,10.0.2.15/24,10.0.2.2 --ip=eth1,10.1.0.2/16 "
		     "--dns=10.0.2.3 /p.so") == NULL &&
		   cl.ip_count == 2 &&
		   !strcmp(cl.ips[0], "eth0,10.0.2.15/24,10.0.2.2") &&
		   !strcmp(cl.ips[1], "eth1,10.1.0.2/16") && cl.dns &&
		   !strcmp(cl.dns, "10.0.2.3") && argv_is(1, a6),
	       "--ip (twice) and --dns, kept for the network's configuration");
	err = parse("--ip=a --ip=b --ip=c --ip=d --ip=e /p.so");
	TAP_OK(err && !strcmp(err, "more than 4 --ip options"),
	       "a fifth --ip: %s", err ? err : "(none)");
	TAP_OK(parse("--ip= /p.so") != NULL && parse("--dns= /p.so") != NULL,
	       "--ip= and --dns= need a value");

	TAP_OK(parse("--stdin=/in/data.txt /p.so") == NULL && cl.stdin_path &&
		   !strcmp(cl.stdin_path, "/in/data.txt") && argv_is(1, a6),
	       "--stdin=PATH, kept for descriptor 0");
	TAP_OK(parse("/p.so") == NULL && !cl.stdin_path,
	       "no --stdin: the console");
	TAP_OK(parse("--stdin= /p.so") != NULL, "--stdin= needs a path");
	TAP_OK(parse("--stdin=/dev/null --stdin=/in/x /p.so") == NULL &&
		   cl.stdin_path && !strcmp(cl.stdin_path, "/in/x"),
	       "--stdin twice: the last wins");

	TAP_OK(parse("/p.so") == NULL && cl.env_count == 0 && !cl.env[0],
	       "no --env: an empty environment");
	TAP_OK(parse("--env=A=1 --env='MSG=hello world' --env=B=x=y=z "
		     "--env=E= --env=_x9=\"q'uote\" --env=A=2 /p.so x") ==
		       NULL &&
		   env_is(5, (const char *[]){"A=2", "MSG=hello world",
					      "B=x=y=z", "E=", "_x9=q'uote"}) &&
		   argv_is(2, (const char *[]){"/p.so", "x"}),
	       "--env: quoted values, '=' in a value, an empty value; the "
	       "last of a name wins, in the first's place");
	TAP_OK(parse("--env=AB=1 --env=A=2 --env=ABC=3 --env=A=4 /p.so") ==
		       NULL &&
		   env_is(3, (const char *[]){"AB=1", "A=4", "ABC=3"}),
	       "--env: a name is not mistaken for a longer one");
	TAP_OK(parse("--env=spring.profiles.active=dev --env=A-B=1 "
		     "'--env=MY VAR=x' --env=9LIVES=9 --env=\\$%*?:=q "
		     "--env=A-B=2 /p.so") == NULL &&
		   env_is(5, (const char *[]){"spring.profiles.active=dev",
					      "A-B=2", "MY VAR=x", "9LIVES=9",
					      "$%*?:=q"}),
	       "--env: a name is any bytes but '=', as setenv takes it");
	TAP_OK(parse("/p.so --env=A=1") == NULL && cl.env_count == 0 &&
		   argv_is(2, (const char *[]){"/p.so", "--env=A=1"}),
	       "--env after the program is the program's argument");
	static const struct {
		const char *line, *error;
	} bad_env[] = {
	    {"--env /p.so", "option '--env': no '=' between name and value "
			    "(--env=NAME=VALUE)"},
	    {"--env= /p.so", "option '--env=': no '=' between name and value "
			     "(--env=NAME=VALUE)"},
	    {"--env=PORT /p.so", "option '--env=PORT': no '=' between name "
				 "and value (--env=NAME=VALUE)"},
	    {"--env==8080 /p.so",
	     "option '--env==8080': the variable's name is empty"},
	    {"--envy=1 /p.so", "unknown option '--envy=1' (known: --verbose "
			       "--rootfs=TYPE --rootflags=OPTIONS "
			       "--mount=TYPE:SOURCE:DIR[:OPTIONS] "
			       "--ip=IF,ADDR/PREFIX[,GATEWAY] --dns=ADDR "
			       "--env=NAME=VALUE --stdin=PATH)"},
	};
	for (size_t i = 0; i < sizeof(bad_env) / sizeof(bad_env[0]); i++) {
		err = parse(bad_env[i].line);
		TAP_OK(err && !strcmp(err, bad_env[i].error), "%s: %s",
		       bad_env[i].line, err ? err : "(accepted)");
	}

	/*
	 * A long value must not push the reason out of the message (the
	 * kernel's buffer holds 256 bytes): the word is cut, the reason kept.
	 */
	static char long_bad[1024];
	strcpy(long_bad, "--env=");
	memset(long_bad + 6, 'N', 600);
	strcat(long_bad, " /p.so");
	err = parse(long_bad);
	TAP_OK(
	    err && !strcmp(err, "option '--env=NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN"
				"NNNNNNNNNNNNNNNNNNNNNNNNNNN...': no '=' "
				"between name and value (--env=NAME=VALUE)"),
	    "--env with a long word and no '=': %s", err ? err : "(accepted)");
	long_bad[6] = '=';
	err = parse(long_bad);
	TAP_OK(err &&
		   !strcmp(err, "option '--env==NNNNNNNNNNNNNNNNNNNNNNNNNNNNNN"
				"NNNNNNNNNNNNNNNNNNNNNNNNNNN...': the "
				"variable's name is empty"),
	       "--env with a long value and an empty name: %s",
	       err ? err : "(accepted)");
	memcpy(long_bad, "--enx=", 6);
	err = parse(long_bad);
	TAP_OK(err && strstr(err, "...' (known: --verbose ") &&
		   strstr(err, "--env=NAME=VALUE --stdin=PATH)"),
	       "a long unknown option keeps the known list: %s",
	       err ? err : "(accepted)");

	/*
	 * Inside double quotes, as in a shell, a backslash escapes only
	 * '"', '\\', '$', '`' and a newline; before another byte it stays.
	 */
	TAP_OK(parse("--env=RE=\"\\d+\\.\\w\" /p.so \"C:\\dir\" "
		     "\"\\\"\\\\\\$\\`\"") == NULL &&
		   env_is(1, (const char *[]){"RE=\\d+\\.\\w"}) &&
		   argv_is(3, (const char *[]){"/p.so", "C:\\dir", "\"\\$`"}),
	       "double quotes keep a backslash before an ordinary byte");
	TAP_OK(parse("/p.so \"a\\\nb\" c\\\nd") == NULL &&
		   argv_is(3, (const char *[]){"/p.so", "ab", "cd"}),
	       "a backslash-newline joins the lines, quoted or not");

	const char *a7[] = {"/p.so", "a"};
	TAP_OK(parse("--verbose /p.so a virtio_mmio.device=512@0xfeb00e00:12 "
		     "virtio_mmio.device=512@0xfeb00c00:11") == NULL &&
		   cl.verbose && argv_is(2, a7),
	       "hypervisor-appended virtio_mmio.device= words are dropped");

	err = parse("/p.so 'open");
	TAP_OK(err && strstr(err, "unbalanced quote"), "unbalanced quote: %s",
	       err ? err : "(none)");

	static char many[CMDLINE_MAX_ARGS * 2 + 8];
	for (int i = 0; i < CMDLINE_MAX_ARGS + 1; i++)
		strcat(many, "x ");
	err = parse(many);
	TAP_OK(err && !strcmp(err, "more than 128 words in the command line"),
	       "too many words: %s", err ? err : "(none)");
	return tap_done();
}
