// SPDX-License-Identifier: GPL-2.0
/*
 * nlchurn.c - the API side of the concurrency and lifetime tests
 * (tests/stress/lifetime.sh runs several at once, with burnctl, kill -9
 * and insmod/rmmod cycles around them).
 *
 *   nlchurn churn [--seconds N] [--unload-ok]
 *	create, destroy (own and anybody's VMs), look up, list and close
 *	sockets at random for N seconds.  Every answer must be one the ABI
 *	allows for that request, within the timeout.  With --unload-ok the
 *	module may come and go: "not loaded" (-ENOENT from the genetlink
 *	core), -ESHUTDOWN and VM_ENDED are then clean answers too.
 *   nlchurn flood [--rounds N]
 *	on one socket, create 4 MiB VMs until max_vms: exactly max_vms
 *	minus those that exist must succeed, the next gets -ENOSPC; then
 *	all go, alternately by VM_DESTROY and by closing the socket.
 *   nlchurn empty
 *	nothing left: NR_VMS 0, MEM_IN_USE 0, empty VM list.
 *
 * Exit status: 0 all answers clean, 1 an answer the ABI does not allow,
 * 2 a request that got no answer (hang), 129 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "nlraw.h"

#define CH_OWN_MAX	8
#define CH_MEM		(4ULL << 20)

struct ch_opts {
	unsigned int seconds;
	unsigned int rounds;
	bool unload_ok;
	int timeout_ms;
};

struct ch_state {
	const struct ch_opts *o;
	struct nlr_sock *s;	/* NULL while closed */
	bool open;
	uint32_t max_vms;
	int nown;
	uint32_t own[CH_OWN_MAX];
	unsigned long ops, created, destroyed, full, absent, shutdown;
	int bad, hung;
};

static int64_t ch_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void ch_close(struct ch_state *c)
{
	if (c->open)
		nlr_close(c->s);
	c->open = false;
	c->nown = 0;	/* they died with the socket */
}

/* Open and resolve; false (counted) while the module is away. */
static bool ch_open(struct ch_state *c)
{
	struct burn_info bi = { 0 };
	int err;

	if (c->open)
		return true;
	err = nlr_open(c->s, c->o->timeout_ms);
	if (err)
		return false;
	c->open = true;
	err = nlr_resolve(c->s, BURNVMM_GENL_NAME);
	if (!err)
		err = burn_get_info(c->s, &bi);
	if (!err) {
		c->max_vms = bi.max_vms;
		return true;
	}
	ch_close(c);
	if (err == -ENOENT && c->o->unload_ok)
		c->absent++;
	else if (err == -ETIMEDOUT)
		c->hung++;
	else
		c->bad++;
	return false;
}

/*
 * Judge one answer: @allowed lists the errors this request may get
 * besides 0.  With --unload-ok the module going away adds -ENOENT (the
 * family is gone), -ESHUTDOWN (VM_CREATE during unload) and
 * -EPROTONOSUPPORT (a dump cannot pin a module that is going), after
 * which the socket is reopened.
 */
static void ch_judge(struct ch_state *c, const char *what, int err,
		     const int *allowed)
{
	c->ops++;
	if (err == -ETIMEDOUT) {
		c->hung++;
		printf("# nlchurn %d: %s got no answer in %d ms\n", getpid(),
		       what, c->o->timeout_ms);
		return;
	}
	for (; *allowed; allowed++)
		if (err == *allowed)
			return;
	if (c->o->unload_ok && (err == -ENOENT || err == -ESHUTDOWN ||
				err == -EPROTONOSUPPORT)) {
		c->shutdown++;
		ch_close(c);
		return;
	}
	if (err) {
		c->bad++;
		printf("# nlchurn %d: %s: unexpected %d (%s) %s\n", getpid(),
		       what, err, strerror(-err), c->s->errmsg);
		ch_close(c);
	}
}

static void ch_create(struct ch_state *c)
{
	static const int ok[] = { -ENOSPC, -ENOMEM, 0 };
	struct burn_vmrec vm;
	int err = burn_create(c->s, CH_MEM, &vm);

	if (!err && c->nown < CH_OWN_MAX)
		c->own[c->nown++] = vm.id;
	if (!err)
		c->created++;
	if (err == -ENOSPC)
		c->full++;
	ch_judge(c, "VM_CREATE", err, ok);
}

static void ch_destroy(struct ch_state *c, bool own)
{
	static const int ok[] = { -ENOENT, 0 };
	uint32_t id = 1 + (uint32_t)rand() % (c->max_vms ? c->max_vms : 1);
	int err, k = -1;

	if (own && c->nown) {
		k = rand() % c->nown;
		id = c->own[k];
		c->own[k] = c->own[--c->nown];
	}
	err = burn_destroy(c->s, id);
	if (!err)
		c->destroyed++;
	/* Another churner may have taken our VM first: -ENOENT is fine. */
	ch_judge(c, "VM_DESTROY", err, ok);
}

static void ch_lookup(struct ch_state *c)
{
	static const int ok[] = { -ENOENT, 0 };
	static const int none[] = { 0 };
	static struct burn_vmlist vl;
	struct burn_vmrec vm;
	struct burn_info bi;

	switch (rand() % 3) {
	case 0:
		ch_judge(c, "VM_INFO", burn_vm_info(c->s, 1 + (uint32_t)rand() %
						     (c->max_vms + 1), &vm), ok);
		break;
	case 1:
		ch_judge(c, "VM_LIST", burn_list(c->s, &vl), none);
		break;
	default:
		ch_judge(c, "GET_INFO", burn_get_info(c->s, &bi), none);
	}
}

static int ch_churn(struct ch_state *c)
{
	int64_t end = ch_now_ms() + c->o->seconds * 1000LL;

	srand((unsigned int)getpid() ^ (unsigned int)time(NULL));
	while (ch_now_ms() < end && !c->hung) {
		if (!ch_open(c)) {
			usleep(20000);
			continue;
		}
		switch (rand() % 10) {
		case 0: case 1: case 2: case 3:
			ch_create(c);
			break;
		case 4: case 5:
			ch_destroy(c, true);
			break;
		case 6:
			ch_destroy(c, false);
			break;
		case 7: case 8:
			ch_lookup(c);
			break;
		default:
			ch_close(c);
		}
	}
	ch_close(c);
	printf("# nlchurn %d: %lu requests, %lu created, %lu destroyed, %lu ENOSPC, %lu while unloading, %lu opens without module, %d bad, %d hung\n",
	       getpid(), c->ops, c->created, c->destroyed, c->full,
	       c->shutdown, c->absent, c->bad, c->hung);
	return c->hung ? 2 : c->bad ? 1 : 0;
}

/* One round of the flood: fill up to max_vms, check, empty. */
static int ch_flood_round(struct nlr_sock *s, const struct burn_info *base,
			  bool by_close)
{
	static struct burn_vmlist vl;
	static uint32_t ids[BURN_VMS_MAX];
	uint32_t want = base->max_vms - base->nr_vms, n = 0, i;
	struct burn_vmrec vm;
	struct burn_info bi;
	int err = 0;

	while (n <= want && !(err = burn_create(s, CH_MEM, &vm))) {
		if (!vm.id || vm.id > base->max_vms || n == want)
			break;
		ids[n++] = vm.id;
	}
	if (n != want || err != -ENOSPC || !strstr(s->errmsg, "max_vms")) {
		printf("# flood: %u of %u VMs, then %d '%s' (want -ENOSPC)\n",
		       n, want, err, s->errmsg);
		return 1;
	}
	if (burn_get_info(s, &bi) || burn_list(s, &vl) ||
	    bi.nr_vms != base->max_vms ||
	    bi.mem_in_use != base->mem_in_use + n * CH_MEM) {
		printf("# flood: full, but NR_VMS %u MEM_IN_USE %llu\n",
		       bi.nr_vms, (unsigned long long)bi.mem_in_use);
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (!burn_vmlist_find(&vl, ids[i])) {
			printf("# flood: VM %u not listed\n", ids[i]);
			return 1;
		}
	}
	for (i = 0; i < n && !by_close; i++) {
		err = burn_destroy(s, ids[i]);
		if (err) {
			printf("# flood: destroy %u: %d\n", ids[i], err);
			return 1;
		}
	}
	return 0;
}

static int ch_flood(const struct ch_opts *o, struct nlr_sock *s)
{
	struct burn_info base = { 0 }, now;
	unsigned int r;
	int bad = 0;

	for (r = 0; r < o->rounds && !bad; r++) {
		if (nlr_open(s, o->timeout_ms) || nlr_resolve(s, BURNVMM_GENL_NAME) ||
		    burn_get_info(s, &base) ||
		    base.max_vms - base.nr_vms > BURN_VMS_MAX) {
			printf("# flood: module not reachable\n");
			return 1;
		}
		bad = ch_flood_round(s, &base, r % 2);
		nlr_close(s);
		if (nlr_open(s, o->timeout_ms) || nlr_resolve(s, BURNVMM_GENL_NAME) ||
		    burn_get_info(s, &now) || now.nr_vms != base.nr_vms ||
		    now.mem_in_use != base.mem_in_use) {
			printf("# flood round %u: not back to NR_VMS %u MEM_IN_USE %llu\n",
			       r, base.nr_vms, (unsigned long long)base.mem_in_use);
			bad = 1;
		}
		nlr_close(s);
	}
	printf("# flood: %u rounds up to max_vms=%u\n", r, base.max_vms);
	return bad;
}

static int ch_empty(const struct ch_opts *o, struct nlr_sock *s)
{
	static struct burn_vmlist vl;
	struct burn_info bi;
	int err;

	err = nlr_open(s, o->timeout_ms);
	if (!err)
		err = nlr_resolve(s, BURNVMM_GENL_NAME);
	if (!err)
		err = burn_get_info(s, &bi);
	if (!err)
		err = burn_list(s, &vl);
	nlr_close(s);
	if (err) {
		printf("# empty: cannot ask the module: %s\n", strerror(-err));
		return 1;
	}
	printf("# NR_VMS %u MEM_IN_USE %llu listed %d\n", bi.nr_vms,
	       (unsigned long long)bi.mem_in_use, vl.n);
	return bi.nr_vms || bi.mem_in_use || vl.n;
}

static const char *const ch_usage =
	"usage: nlchurn churn [--seconds N] [--unload-ok] [--timeout MS]\n"
	"       nlchurn flood [--rounds N]\n"
	"       nlchurn empty\n";

static int ch_parse(int argc, char **argv, struct ch_opts *o)
{
	static const struct option opts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ "unload-ok", no_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			o->seconds = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'r':
			o->rounds = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 't':
			o->timeout_ms = (int)strtol(optarg, NULL, 0);
			break;
		case 'u':
			o->unload_ok = true;
			break;
		default:
			return -1;
		}
	}
	return optind + 1 == argc ? 0 : -1;
}

int main(int argc, char **argv)
{
	static struct nlr_sock sock;
	struct ch_opts o = { .seconds = 5, .rounds = 4, .timeout_ms = 10000 };
	struct ch_state c = { .o = &o, .s = &sock };
	const char *mode;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (ch_parse(argc, argv, &o)) {
		fputs(ch_usage, stderr);
		return 129;
	}
	mode = argv[optind];
	if (!strcmp(mode, "churn"))
		return ch_churn(&c);
	if (!strcmp(mode, "flood"))
		return ch_flood(&o, &sock);
	if (!strcmp(mode, "empty"))
		return ch_empty(&o, &sock);
	fputs(ch_usage, stderr);
	return 129;
}
