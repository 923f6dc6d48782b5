// SPDX-License-Identifier: GPL-2.0
/*
 * burnctl_test.c - host unit tests of burnctl's argument handling: size,
 * VM-id and event-bit parsing, size formatting, the option parser behind
 * every command (userland/parse.c, userland/options.c), the console
 * escape of `burnctl start` (userland/escape.c), the counter names
 * (include/burnvmm/statnames.h), the runtime records of detached VMs
 * (userland/runinfo.c) and the reboot-loop guard of `burnctl start`
 * (userland/reboot.c).  cmocka, TAP output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "burnvmm/statnames.h"
#include "escape.h"
#include "options.h"
#include "parse.h"
#include "reboot.h"
#include "runinfo.h"

struct size_case {
	const char *in;
	int ret;
	uint64_t bytes;
};

static const struct size_case size_cases[] = {
	{ "128M", 0, 128ULL << 20 },
	{ "128", 0, 128ULL << 20 },	/* bare number: MiB, as QEMU's -m */
	{ "1G", 0, 1ULL << 30 },
	{ "1g", 0, 1ULL << 30 },
	{ "512K", 0, 512ULL << 10 },
	{ "4096B", 0, 4096 },
	{ "4096b", 0, 4096 },
	{ "64MiB", 0, 64ULL << 20 },
	{ "2gib", 0, 2ULL << 30 },
	{ "1T", 0, 1ULL << 40 },
	{ "0", 0, 0 },
	{ "0M", 0, 0 },
	{ "", -1, 0 },
	{ "M", -1, 0 },
	{ "-1M", -1, 0 },
	{ "+1M", -1, 0 },
	{ " 1M", -1, 0 },
	{ "1M ", -1, 0 },
	{ "1.5G", -1, 0 },
	{ "12Q", -1, 0 },
	{ "1MB", -1, 0 },
	{ "1Bi", -1, 0 },
	{ "1BiB", -1, 0 },
	{ "0x10M", -1, 0 },
	{ "18446744073709551615B", 0, UINT64_MAX },
	{ "18446744073709551616B", -1, 0 },	/* 2^64: overflow */
	{ "17179869184G", -1, 0 },		/* 2^34 G = 2^64: overflow */
	{ "17179869183G", 0, 17179869183ULL << 30 },
	{ "99999999999999999999999", -1, 0 },
};

static void test_parse_size_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(size_cases) / sizeof(size_cases[0]); i++) {
		const struct size_case *c = &size_cases[i];
		uint64_t bytes = 0xdeadbeef;
		const char *why = NULL;
		int ret = parse_size(c->in, &bytes, &why);

		if (ret != c->ret)
			fail_msg("parse_size(\"%s\") = %d, want %d", c->in, ret,
				 c->ret);
		if (ret == 0 && bytes != c->bytes)
			fail_msg("parse_size(\"%s\") = %llu bytes, want %llu",
				 c->in, (unsigned long long)bytes,
				 (unsigned long long)c->bytes);
		if (ret != 0) {
			if (!why || !*why)
				fail_msg("parse_size(\"%s\") failed without a reason",
					 c->in);
			if (bytes != 0xdeadbeef)
				fail_msg("parse_size(\"%s\") wrote a result on failure",
					 c->in);
		}
	}
}

static void test_parse_size_null(void **state)
{
	const char *why = NULL;
	uint64_t bytes;

	(void)state;
	assert_int_equal(parse_size(NULL, &bytes, &why), -1);
	assert_non_null(why);
}

static void test_parse_vm_id(void **state)
{
	const char *why;
	uint32_t id;

	(void)state;
	assert_int_equal(parse_vm_id("1", &id, &why), 0);
	assert_int_equal(id, 1);
	assert_int_equal(parse_vm_id("4294967295", &id, &why), 0);
	assert_int_equal(id, 4294967295U);
	assert_int_equal(parse_vm_id("4294967296", &id, &why), -1);
	assert_int_equal(parse_vm_id("0", &id, &why), -1);
	assert_int_equal(parse_vm_id("", &id, &why), -1);
	assert_int_equal(parse_vm_id("-3", &id, &why), -1);
	assert_int_equal(parse_vm_id("3x", &id, &why), -1);
	assert_int_equal(parse_vm_id(" 3", &id, &why), -1);
	assert_int_equal(parse_vm_id("0x10", &id, &why), -1);
}

static void test_format_size(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(format_size(128ULL << 20, buf, sizeof(buf)), "128M");
	assert_string_equal(format_size(1ULL << 30, buf, sizeof(buf)), "1G");
	assert_string_equal(format_size(4100ULL << 10, buf, sizeof(buf)),
			    "4100K");
	assert_string_equal(format_size(17, buf, sizeof(buf)), "17B");
	assert_string_equal(format_size(0, buf, sizeof(buf)), "0B");
	assert_string_equal(format_size(3ULL << 40, buf, sizeof(buf)), "3T");
	/* Never past T: the unit table ends there. */
	assert_string_equal(format_size(1ULL << 50, buf, sizeof(buf)),
			    "1024T");
	/* Truncates instead of overflowing a small buffer. */
	assert_string_equal(format_size(128ULL << 20, buf, 3), "12");
}

/* A parse_options() run over a copy of @args, with captured output. */
struct opt_run {
	uint64_t mem;
	bool verbose;
	const char *name;
	int ret;
	char *argv[16];
	char out[2048];
	char err[512];
};

static const char *const test_usage[] = { "usage: burnctl test [opts] ARGS",
					  NULL };

static void run_options(struct opt_run *r, int argc, const char **args)
{
	const struct option opts[] = {
		OPT_SIZE_ARG('m', "mem", &r->mem, "SIZE", "guest RAM"),
		OPT_BOOLEAN('v', "verbose", &r->verbose, "say more"),
		OPT_STRING_ARG(0, "name", &r->name, "NAME", "a name"),
		OPT_TERMINATOR
	};
	FILE *out = fmemopen(r->out, sizeof(r->out) - 1, "w");
	FILE *err = fmemopen(r->err, sizeof(r->err) - 1, "w");
	int i;

	assert_non_null(out);
	assert_non_null(err);
	r->mem = 7;
	r->verbose = false;
	r->name = NULL;
	for (i = 0; i < argc; i++)
		r->argv[i] = (char *)args[i];
	r->ret = parse_options("test", argc, r->argv, opts, test_usage, out,
			       err);
	fclose(out);
	fclose(err);
}

#define RUN(r, ...)                                                        \
	do {                                                               \
		const char *a_[] = { "test", __VA_ARGS__ };                \
		run_options((r), (int)(sizeof(a_) / sizeof(a_[0])), a_);   \
	} while (0)

static void test_options_forms(void **state)
{
	struct opt_run r = { 0 };

	(void)state;
	RUN(&r, "--mem", "64M");
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.mem, 64ULL << 20);

	RUN(&r, "--mem=1G", "-v", "x", "--name", "n1", "y");
	assert_int_equal(r.ret, 2);
	assert_int_equal(r.mem, 1ULL << 30);
	assert_true(r.verbose);
	assert_string_equal(r.name, "n1");
	assert_string_equal(r.argv[0], "x");
	assert_string_equal(r.argv[1], "y");

	RUN(&r, "-m", "8", "--", "--mem", "-v");
	assert_int_equal(r.ret, 2);
	assert_int_equal(r.mem, 8ULL << 20);
	assert_false(r.verbose);
	assert_string_equal(r.argv[0], "--mem");
	assert_string_equal(r.argv[1], "-v");

	RUN(&r, "-");	/* a lone dash is an operand (stdin by convention) */
	assert_int_equal(r.ret, 1);
}

static void test_options_errors(void **state)
{
	struct opt_run r = { 0 };

	(void)state;
	RUN(&r, "--mem", "12Q");
	assert_int_equal(r.ret, OPTIONS_ERROR);
	assert_non_null(strstr(r.err, "invalid --mem '12Q'"));
	/* Exactly one line. */
	assert_ptr_equal(strchr(r.err, '\n'), r.err + strlen(r.err) - 1);

	RUN(&r, "--mem");
	assert_int_equal(r.ret, OPTIONS_ERROR);
	assert_non_null(strstr(r.err, "needs a value"));

	RUN(&r, "--bogus");
	assert_int_equal(r.ret, OPTIONS_ERROR);
	assert_non_null(strstr(r.err, "unknown option '--bogus'"));

	RUN(&r, "-vm", "1G");	/* no bundling of short options */
	assert_int_equal(r.ret, OPTIONS_ERROR);

	RUN(&r, "--verbose=yes");
	assert_int_equal(r.ret, OPTIONS_ERROR);
	assert_non_null(strstr(r.err, "takes no value"));

	RUN(&r, "--me", "1G");	/* no abbreviations */
	assert_int_equal(r.ret, OPTIONS_ERROR);
}

static void test_options_help(void **state)
{
	struct opt_run r = { 0 };

	(void)state;
	RUN(&r, "x", "--help");
	assert_int_equal(r.ret, OPTIONS_HELP);
	assert_non_null(strstr(r.out, "usage: burnctl test"));
	assert_non_null(strstr(r.out, "-m, --mem SIZE"));
	assert_non_null(strstr(r.out, "--name NAME"));
	assert_non_null(strstr(r.out, "-h, --help"));
	assert_int_equal(r.err[0], '\0');
}

static void test_parse_event_bit(void **state)
{
	static const struct {
		const char *in;
		int ret;
		uint32_t bit;
	} cases[] = {
		{ "8", 0, 8 }, { "31", 0, 31 }, { "17", 0, 17 },
		{ "7", -1, 0 }, { "0", -1, 0 }, { "32", -1, 0 },
		{ "", -1, 0 }, { "-8", -1, 0 }, { "+8", -1, 0 }, { "8 ", -1, 0 },
		{ "0x8", -1, 0 }, { "99999999999999999999999", -1, 0 },
	};
	const char *why;
	uint32_t bit;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bit = 0;
		why = NULL;
		assert_int_equal(parse_event_bit(cases[i].in, &bit, &why),
				 cases[i].ret);
		if (cases[i].ret == 0)
			assert_int_equal(bit, cases[i].bit);
		else
			assert_non_null(why);
	}
	assert_int_equal(parse_event_bit(NULL, &bit, &why), -1);
}

/* Feed @in to the escape in pieces of @step bytes; collect the output. */
static bool escape_run(const char *in, size_t len, size_t step, char *out,
		       size_t *out_len)
{
	struct escape_state st = { 0 };
	uint8_t piece[64];
	size_t at, n, got;
	bool stop = false;

	*out_len = 0;
	for (at = 0; at < len && !stop; at += n) {
		n = len - at < step ? len - at : step;
		stop = escape_filter(&st, (const uint8_t *)in + at, n, piece,
				     &got);
		assert_true(got <= 2 * n);
		memcpy(out + *out_len, piece, got);
		*out_len += got;
	}
	return stop;
}

static void test_escape(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *out;
		size_t out_len;
		bool stop;
	} cases[] = {
		{ "hello\r", 6, "hello\r", 6, false },
		{ "ab\001xcd", 5, "ab", 2, true },		/* Ctrl-a x */
		{ "\001\001", 2, "\001", 1, false },	/* literal Ctrl-a */
		{ "\001\001x", 3, "\001x", 2, false },
		{ "\001y", 2, "\001y", 2, false },	/* kept as typed */
		{ "\001", 1, "", 0, false },		/* waits for more */
		{ "\003", 1, "\003", 1, false },	/* Ctrl-C is the guest's */
		{ "x\001\001\001x", 5, "x\001", 2, true },
		{ "", 0, "", 0, false },
	};
	char out[64];
	size_t i, step, n;
	bool stop;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* Whole, and a byte at a time: state carries across reads. */
		for (step = 1; step <= 64; step += 63) {
			stop = escape_run(cases[i].in, cases[i].len, step, out,
					  &n);
			assert_int_equal(stop, cases[i].stop);
			assert_int_equal(n, cases[i].out_len);
			assert_memory_equal(out, cases[i].out, n);
		}
	}
}

static void test_stat_names(void **state)
{
	char name[BURN_STAT_NAME_LEN];

	(void)state;
	assert_string_equal(burn_stat_name(BURNVMM_STAT_EXITS, name,
					   sizeof(name)), "exits");
	assert_string_equal(burn_stat_name(BURNVMM_STAT_EXITS_HYPERCALL, name,
					   sizeof(name)), "exits_hypercall");
	assert_string_equal(burn_stat_name(BURNVMM_STAT_HC_OTHER, name,
					   sizeof(name)), "hc_other");
	assert_string_equal(burn_stat_name(BURNVMM_STAT_HC_FIRST + 3, name,
					   sizeof(name)), "hc_3");
	assert_string_equal(burn_stat_name(BURNVMM_STAT_EXC_FIRST + 14, name,
					   sizeof(name)), "exc_14");
	assert_string_equal(burn_stat_name(BURNVMM_STAT_SHADOW_PREFETCHES, name,
					   sizeof(name)), "shadow_prefetches");
	assert_string_equal(burn_stat_name(BURNVMM_STAT_COUNT, name,
					   sizeof(name)), "stat_66");
	assert_string_equal(burn_stat_name(0xffffffffu, name, sizeof(name)),
			    "stat_4294967295");
}

static void test_runinfo_pty_name(void **state)
{
	static const struct {
		const char *name;
		bool ok;
	} cases[] = {
		{ "/dev/pts/0", true },
		{ "/dev/pts/4", true },
		{ "/dev/pts/1234567890", true },
		{ "/dev/pts/", false },
		{ "/dev/pts/x", false },
		{ "/dev/pts/1/", false },
		{ "/dev/pts/../tty", false },
		{ "/dev/pts/1 ", false },
		{ "/dev/tty1", false },
		{ "/dev/ptmx", false },
		{ "dev/pts/1", false },
		{ "/dev/pts/12345678901234567890123", false },	/* too long */
		{ "", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(runinfo_pty_name_ok(cases[i].name),
				 cases[i].ok);
}

static void test_runinfo_parse(void **state)
{
	static const struct {
		const char *text;
		int ret;
		const char *pty;
		int32_t pid;
		uint32_t port;
	} cases[] = {
		{ "/dev/pts/4\npid 123\nport 456\n", 0, "/dev/pts/4", 123, 456 },
		{ "/dev/pts/0\nport 4294967295\npid 2147483647\n", 0,
		  "/dev/pts/0", INT32_MAX, UINT32_MAX },
		{ "/dev/pts/1\nnew thing\npid 1\nport 0\n", 0, "/dev/pts/1", 1, 0 },
		{ "/dev/pts/4\npid 123\n", -1, NULL, 0, 0 },	/* no port */
		{ "/dev/pts/4\nport 1\n", -1, NULL, 0, 0 },	/* no pid */
		{ "/dev/pts/4\npid 0\nport 1\n", -1, NULL, 0, 0 },
		{ "/dev/pts/4\npid -1\nport 1\n", -1, NULL, 0, 0 },
		{ "/dev/pts/4\npid 2147483648\nport 1\n", -1, NULL, 0, 0 },
		{ "/dev/pts/4\npid 1\nport 4294967296\n", -1, NULL, 0, 0 },
		{ "/dev/pts/4\npid 1\nport 12x\n", -1, NULL, 0, 0 },
		{ "/dev/pts/4\npid 1\nport \n", -1, NULL, 0, 0 },
		{ "/dev/pts/4\npid 1\nport 1", -1, NULL, 0, 0 },	/* no \n */
		{ "/dev/tty1\npid 1\nport 1\n", -1, NULL, 0, 0 },
		{ "/tmp/x\npid 1\nport 1\n", -1, NULL, 0, 0 },
		{ "/dev/pts/4", -1, NULL, 0, 0 },
		{ "", -1, NULL, 0, 0 },
		{ "\n", -1, NULL, 0, 0 },
	};
	struct runinfo ri;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why = NULL;
		assert_int_equal(runinfo_parse(cases[i].text, &ri, &why),
				 cases[i].ret);
		if (cases[i].ret) {
			assert_non_null(why);
			continue;
		}
		assert_string_equal(ri.pty, cases[i].pty);
		assert_int_equal(ri.pid, cases[i].pid);
		assert_int_equal(ri.port, cases[i].port);
	}
}

static void test_runinfo_format(void **state)
{
	struct runinfo ri = { .pty = "/dev/pts/7", .pid = 42, .port = 99 };
	struct runinfo back;
	const char *why;
	char buf[RUNINFO_TEXT_MAX];

	(void)state;
	assert_int_equal(runinfo_format(&ri, buf, sizeof(buf)),
			 (int)strlen("/dev/pts/7\npid 42\nport 99\n"));
	assert_string_equal(buf, "/dev/pts/7\npid 42\nport 99\n");
	assert_int_equal(runinfo_parse(buf, &back, &why), 0);
	assert_memory_equal(&ri, &back, sizeof(ri));
	assert_int_equal(runinfo_format(&ri, buf, 10), -1);	/* too small */
	ri.pid = 0;
	assert_int_equal(runinfo_format(&ri, buf, sizeof(buf)), -1);
	ri.pid = 1;
	strcpy(ri.pty, "/dev/tty");
	assert_int_equal(runinfo_format(&ri, buf, sizeof(buf)), -1);
}

/* Write and read records in a scratch runtime directory. */
static void test_runinfo_files(void **state)
{
	struct runinfo ri = { .pty = "/dev/pts/3", .pid = 77, .port = 5 };
	char base[] = "/tmp/burnctl-unit.XXXXXX", dir[256], got[256];
	char path[300], why[512];
	struct runinfo back;
	uid_t owner;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(base));
	snprintf(dir, sizeof(dir), "%s/run", base);
	setenv("BURNVMM_RUNDIR", dir, 1);
	assert_int_equal(runinfo_dir(got, sizeof(got)), 0);
	assert_string_equal(got, dir);
	assert_int_equal(runinfo_dir(got, 5), -1);
	/* No directory yet: no record, not an error. */
	assert_int_equal(runinfo_read(dir, 1, &back, &owner, why, sizeof(why)), -2);
	assert_int_equal(runinfo_dir_make(dir, why, sizeof(why)), 0);
	assert_int_equal(runinfo_read(dir, 1, &back, &owner, why, sizeof(why)), -2);
	assert_int_equal(runinfo_write(dir, 1, &ri, why, sizeof(why)), 0);
	assert_int_equal(runinfo_read(dir, 1, &back, &owner, why, sizeof(why)), 0);
	assert_memory_equal(&ri, &back, sizeof(ri));
	assert_int_equal(owner, geteuid());
	/* A record others may write is not trusted, nor is its directory. */
	runinfo_path(path, sizeof(path), dir, 1, "pty");
	assert_int_equal(chmod(path, 0666), 0);
	assert_int_equal(runinfo_read(dir, 1, &back, &owner, why, sizeof(why)), -1);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(runinfo_read(dir, 1, &back, &owner, why, sizeof(why)), -1);
	assert_int_equal(runinfo_dir_make(dir, why, sizeof(why)), -1);
	assert_int_equal(chmod(dir, 0755), 0);
	/* A symbolic link is not followed; a long file is not a record. */
	runinfo_path(path, sizeof(path), dir, 2, "pty");
	assert_int_equal(symlink("vm1.pty", path), 0);
	assert_int_equal(runinfo_read(dir, 2, &back, &owner, why, sizeof(why)), -1);
	unlink(path);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "/dev/pts/3\npid 1\nport 1\n%300s\n", "x");
	fclose(f);
	assert_int_equal(runinfo_read(dir, 2, &back, &owner, why, sizeof(why)), -1);
	unlink(path);
	runinfo_path(path, sizeof(path), dir, 1, "pty");
	unlink(path);
	rmdir(dir);
	rmdir(base);
	unsetenv("BURNVMM_RUNDIR");
}

/*
 * The reboot-loop guard: REBOOT_LOOP_MAX reboots within REBOOT_LOOP_MS
 * end the guest, fewer or slower ones never do, and the window slides.
 */
static void test_reboot_guard(void **state)
{
	struct reboot_guard g;
	int64_t t;
	int i;

	(void)state;
	/* One reboot every 100 ms: the REBOOT_LOOP_MAX-th is refused. */
	memset(&g, 0, sizeof(g));
	for (i = 1; i < REBOOT_LOOP_MAX; i++)
		assert_true(reboot_guard_allow(&g, 1000 + i * 100));
	assert_false(reboot_guard_allow(&g, 1000 + i * 100));

	/* Exactly REBOOT_LOOP_MS between the first and the last: allowed. */
	memset(&g, 0, sizeof(g));
	for (i = 0; i < REBOOT_LOOP_MAX - 1; i++)
		assert_true(reboot_guard_allow(&g, i));
	assert_true(reboot_guard_allow(&g, REBOOT_LOOP_MS));

	/* A reboot every 1.2 s, for ever (a real boot): never a loop. */
	memset(&g, 0, sizeof(g));
	for (i = 0; i < 10 * REBOOT_LOOP_MAX; i++)
		assert_true(reboot_guard_allow(&g, (int64_t)i * 1200));

	/* A slow start, then a burst: the window slides to the burst. */
	memset(&g, 0, sizeof(g));
	t = 0;
	for (i = 0; i < 3 * REBOOT_LOOP_MAX; i++) {
		t += 5000;
		assert_true(reboot_guard_allow(&g, t));
	}
	t += 2 * REBOOT_LOOP_MS;
	for (i = 0; i < REBOOT_LOOP_MAX - 1; i++)
		assert_true(reboot_guard_allow(&g, t + i));
	assert_false(reboot_guard_allow(&g, t + i));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_size_table),
		cmocka_unit_test(test_parse_size_null),
		cmocka_unit_test(test_parse_vm_id),
		cmocka_unit_test(test_format_size),
		cmocka_unit_test(test_options_forms),
		cmocka_unit_test(test_options_errors),
		cmocka_unit_test(test_options_help),
		cmocka_unit_test(test_parse_event_bit),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_stat_names),
		cmocka_unit_test(test_runinfo_pty_name),
		cmocka_unit_test(test_runinfo_parse),
		cmocka_unit_test(test_runinfo_format),
		cmocka_unit_test(test_runinfo_files),
		cmocka_unit_test(test_reboot_guard),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("burnctl", tests, NULL, NULL);
}
