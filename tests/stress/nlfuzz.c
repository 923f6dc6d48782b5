// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz.c - the hostile-netlink fuzzer of burnvmm's control plane.
 *
 * For --seconds, send random and mutated generic netlink datagrams to
 * family "burnvmm" (fuzz-gen.c), each followed by a GET_INFO "ping" on the
 * same socket, and hold every answer against a model (fuzz-predict.c):
 *
 *  - every message that owes an answer gets it, and the ping is answered,
 *    within --timeout (else: a hang);
 *  - privileged (root) answers are exactly what the ABI predicts, and the
 *    registry changes only as the successful requests say: the ping's
 *    counters after each datagram, the whole VM list every few;
 *  - an unprivileged child (uid 65534) gets the answers the ABI predicts
 *    and changes nothing at all (list and counters before and after);
 *  - a root child in another network namespace, fuzzed with the same
 *    oracle, neither sees nor changes our VMs;
 *  - closing every socket brings NR_VMS and MEM_IN_USE back to baseline.
 *
 * Contents: (i) sockets and the model, (ii) one datagram and its answers,
 * (iii) checking them, (iv) the phases, (v) TAP and main.
 *
 * The seed is printed; `nlfuzz --seed S` replays a run (up to the timing
 * of phases).  Commands named *START* or *RUN* in the UAPI header are
 * never sent (fuzz-gen.c).
 */
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "fuzz.h"

#define FZ_SOCKS	3
#define FZ_REPORTS_MAX	12
#define FZ_LIST_EVERY	16

enum fz_role { FZ_ROOT, FZ_NOBODY, FZ_NETNS };
static const char *const fz_role_name[] = { "root", "nobody", "netns" };

/* Counters every process keeps; children send theirs through a pipe. */
struct fz_stats {
	uint64_t dgrams, msgs, accepted, pings;
	uint64_t hangs;		/* no answer within the timeout */
	uint64_t wrong;		/* an answer the ABI does not allow */
	uint64_t state;		/* registry changed other than modelled */
	uint64_t resyncs;	/* unmodelled successes (newer ABI) */
};

struct fz_opts {
	unsigned int seconds;
	uint64_t seed;
	int timeout_ms;
	uint64_t safe_mem, mem_budget;
	bool verbose;
};

struct fz_ctx {
	enum fz_role role;
	const struct fz_opts *o;
	struct fz_rng rng;
	int nsocks;
	struct nlr_sock *socks[FZ_SOCKS];
	struct nlr_sock *ctl;	/* for snapshots; never owns a VM */
	struct fz_world w;
	uint32_t other_nr;	/* VMs not in our netns's list */
	uint64_t other_mem;
	struct fz_stats st;
	int reports;
	struct fz_dgram d;
	struct burn_vmlist list;	/* scratch for resyncs */
};

static int64_t fz_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Print one violation as a TAP diagnostic, at most FZ_REPORTS_MAX. */
static void fz_report(struct fz_ctx *c, const struct fz_pred *p,
		      const char *fmt, ...)
{
	va_list ap;
	size_t i;

	if (++c->reports > FZ_REPORTS_MAX)
		return;
	printf("# [%s] ", fz_role_name[c->role]);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (p)
		printf(" (seq %u cmd %u flags %#x, predicted by: %s)", p->seq,
		       p->cmd, p->flags, p->why);
	printf("\n#   datagram %llu, %zu bytes, mutations %s:",
	       (unsigned long long)c->st.dgrams, c->d.len, c->d.mutations);
	for (i = 0; i < c->d.len && i < 48; i++)
		printf(" %02x", c->d.buf[i]);
	printf("\n");
}

/* (i) Sockets and the model. */

static struct nlr_sock *fz_sock_open(int timeout_ms)
{
	struct nlr_sock *s = malloc(sizeof(*s));

	if (!s)
		return NULL;
	if (nlr_open(s, timeout_ms) || nlr_resolve(s, BURNVMM_GENL_NAME)) {
		nlr_close(s);
		free(s);
		return NULL;
	}
	return s;
}

static void fz_sock_free(struct nlr_sock *s)
{
	if (s) {
		nlr_close(s);
		free(s);
	}
}

static int fz_sock_of_port(const struct fz_ctx *c, uint32_t port)
{
	int i;

	for (i = 0; i < c->nsocks; i++)
		if (c->socks[i] && c->socks[i]->port == port)
			return i;
	return -1;
}

static uint64_t fz_world_mem(const struct fz_world *w)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < w->nvms; i++)
		sum += w->vms[i].mem;
	return sum;
}

static void fz_world_add(struct fz_world *w, const struct burn_vmrec *vm,
			 int sock)
{
	if (w->nvms == FZ_VMS_MAX)
		return;
	w->vms[w->nvms].id = vm->id;
	w->vms[w->nvms].port = vm->owner_port;
	w->vms[w->nvms].mem = vm->mem;
	w->vms[w->nvms].state = vm->state;
	w->vms[w->nvms].sock = sock;
	w->nvms++;
}

static bool fz_world_del(struct fz_world *w, uint32_t id)
{
	int i;

	for (i = 0; i < w->nvms; i++) {
		if (w->vms[i].id == id) {
			w->vms[i] = w->vms[--w->nvms];
			return true;
		}
	}
	return false;
}

/*
 * Re-read the registry into the model: at start, after an unmodelled
 * success, and after a violation (so that one bug is reported once).
 */
static int fz_resync(struct fz_ctx *c)
{
	struct burn_info bi;
	int i, err;

	err = burn_get_info(c->ctl, &bi);
	if (!err)
		err = burn_list(c->ctl, &c->list);
	if (err)
		return err;
	c->w.nvms = 0;
	for (i = 0; i < c->list.n; i++)
		fz_world_add(&c->w, &c->list.vm[i],
			     fz_sock_of_port(c, c->list.vm[i].owner_port));
	c->w.nr_vms = bi.nr_vms;
	c->w.mem_in_use = bi.mem_in_use;
	c->other_nr = bi.nr_vms - (uint32_t)c->list.n;
	c->other_mem = bi.mem_in_use - fz_world_mem(&c->w);
	return 0;
}

/* Does the VM list say what the model says? */
static bool fz_list_matches(struct fz_ctx *c)
{
	const struct burn_vmrec *vm;
	int i;

	if (burn_list(c->ctl, &c->list) || c->list.n != c->w.nvms)
		return false;
	for (i = 0; i < c->w.nvms; i++) {
		vm = burn_vmlist_find(&c->list, c->w.vms[i].id);
		if (!vm || vm->mem != c->w.vms[i].mem ||
		    vm->owner_port != c->w.vms[i].port ||
		    vm->state != c->w.vms[i].state)
			return false;
	}
	return true;
}

/* (ii) One datagram: send it and a ping, gather every answer. */

struct fz_wait {
	uint32_t ping_seq;
	bool ping_done;
	int ping_err;
	struct burn_info ping;
};

static struct fz_pred *fz_pred_of(struct fz_dgram *d, uint32_t seq)
{
	int i;

	for (i = 0; i < d->npred; i++)
		if (d->pred[i].seq == seq)
			return &d->pred[i];
	return NULL;
}

/* The ping's reply: GET_INFO's counters. */
static void fz_take_ping(struct fz_wait *fw, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[BURNVMM_A_MAX + 1];

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		fw->ping_done = true;
		fw->ping_err = ((const struct nlmsgerr *)NLMSG_DATA(nlh))->error;
	} else if (!nlr_parse(nlh, tb, BURNVMM_A_MAX) && tb[BURNVMM_A_NR_VMS] &&
		   tb[BURNVMM_A_MEM_IN_USE]) {
		fw->ping.nr_vms = nlr_get_u32(tb[BURNVMM_A_NR_VMS]);
		fw->ping.mem_in_use = nlr_get_u64(tb[BURNVMM_A_MEM_IN_USE]);
	}
}

static void fz_take(struct fz_ctx *c, struct fz_wait *fw,
		    const struct nlmsghdr *nlh, uint32_t port)
{
	struct fz_pred *p;

	if (nlh->nlmsg_pid != port || nlh->nlmsg_seq == 0)
		return;		/* an event, or not for us */
	if (nlh->nlmsg_seq == fw->ping_seq)
		return fz_take_ping(fw, nlh);
	p = fz_pred_of(&c->d, nlh->nlmsg_seq);
	if (!p)
		return;
	if (nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE) {
		p->answered = true;
		if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
			p->got_err = *(const int *)NLMSG_DATA(nlh);
		return;
	}
	p->got_reply = true;
	if (burn_vm_from_attrs(nlh, &p->reply))
		memset(&p->reply, 0, sizeof(p->reply));
	/* Without NLM_F_ACK a doit's reply is its whole answer. */
	if (!(p->flags & NLM_F_ACK) && (p->flags & NLM_F_DUMP) != NLM_F_DUMP)
		p->answered = true;
}

static bool fz_all_answered(const struct fz_ctx *c, const struct fz_wait *fw)
{
	int i;

	if (!fw->ping_done)
		return false;
	for (i = 0; i < c->d.npred; i++)
		if (c->d.pred[i].need_answer && !c->d.pred[i].answered)
			return false;
	return true;
}

/* Returns 0, or -ETIMEDOUT when something owed was not answered. */
static int fz_collect(struct fz_ctx *c, struct nlr_sock *s, struct fz_wait *fw)
{
	int n;

	while (!fz_all_answered(c, fw)) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)s->rbuf;

		n = nlr_recv(s, c->o->timeout_ms);
		if (n == -ETIMEDOUT)
			return n;
		if (n < 0) {
			fz_report(c, NULL, "recv failed: %s", strerror(-n));
			c->st.wrong++;
			return n;
		}
		for (; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n))
			fz_take(c, fw, nlh, s->port);
	}
	return 0;
}

static int fz_send_ping(struct nlr_sock *s, struct fz_wait *fw)
{
	struct nlr_msg m;

	memset(fw, 0, sizeof(*fw));
	fw->ping_seq = nlr_next_seq(s);
	nlr_msg_init(&m, (uint16_t)s->family, NLM_F_REQUEST | NLM_F_ACK,
		     fw->ping_seq, BURNVMM_CMD_GET_INFO);
	return nlr_send(s, m.buf, m.len);
}

/* (iii) Checking the answers. */

static bool fz_answer_allowed(const struct fz_pred *p)
{
	if (p->expect == FZ_EXPECT_ANY)
		return true;
	if (p->expect == FZ_EXPECT_ERRNO)
		return p->got_err == p->err;
	if (!p->got_err)
		return true;
	/* Console input may find the VM's buffer full (p->err -EAGAIN). */
	if (p->cmd == BURNVMM_CMD_VM_EVENT)
		return p->err && p->got_err == p->err;
	/* A CREATE may find the host out of memory, or max_vms reached. */
	return p->effect == FZ_EFFECT_CREATE &&
	       (p->got_err == -ENOMEM || p->got_err == p->err);
}

/* A successful CREATE's reply describes a new VM of ours; adopt it. */
static bool fz_adopt(struct fz_ctx *c, const struct fz_pred *p, int sock)
{
	const struct burn_vmrec *vm = &p->reply;

	if (!p->got_reply || !vm->id || vm->id > c->w.max_vms ||
	    fz_world_find(&c->w, vm->id) || vm->mem != p->mem ||
	    vm->owner_port != c->socks[sock]->port ||
	    vm->owner_uid != geteuid() || vm->state != BURNVMM_VM_CREATED)
		return false;
	fz_world_add(&c->w, vm, sock);
	return true;
}

/* Apply one successful message to the model; false if it cannot be. */
static bool fz_apply(struct fz_ctx *c, const struct fz_pred *p, int sock)
{
	const struct fz_vm *vm;

	switch (p->effect) {
	case FZ_EFFECT_CREATE:
		return fz_adopt(c, p, sock);
	case FZ_EFFECT_DESTROY:
		return fz_world_del(&c->w, p->id);
	case FZ_EFFECT_UNKNOWN:
		c->st.resyncs++;
		return false;
	default:
		break;
	}
	if (p->cmd != BURNVMM_CMD_VM_INFO || !p->reaches_genl)
		return true;
	vm = fz_world_find(&c->w, p->id);
	return vm && p->got_reply && p->reply.id == vm->id &&
	       p->reply.mem == vm->mem && p->reply.owner_port == vm->port;
}

/* How a datagram's answers left the model. */
enum fz_sync {
	FZ_SYNC_OK,		/* model and registry agree, as far as seen */
	FZ_SYNC_UNKNOWN,	/* an unmodelled success: re-read the registry */
	FZ_SYNC_BAD,		/* a violation, reported: re-read as well */
};

/* Check every message's answer and apply the successful ones. */
static enum fz_sync fz_check_answers(struct fz_ctx *c, int sock)
{
	enum fz_sync sync = c->d.overflow ? FZ_SYNC_UNKNOWN : FZ_SYNC_OK;
	struct fz_pred *p;
	int i;

	for (i = 0; i < c->d.npred; i++) {
		p = &c->d.pred[i];
		c->st.msgs++;
		if (!fz_answer_allowed(p)) {
			c->st.wrong++;
			fz_report(c, p, "answer %d (%s), expected %d",
				  p->got_err, strerror(-p->got_err),
				  p->expect == FZ_EXPECT_OK ? 0 : p->err);
			sync = FZ_SYNC_BAD;
			continue;
		}
		if (p->got_err || !p->reaches_genl)
			continue;
		c->st.accepted++;
		if (fz_apply(c, p, sock))
			continue;
		if (p->effect == FZ_EFFECT_UNKNOWN || p->expect == FZ_EXPECT_ANY) {
			if (sync == FZ_SYNC_OK)
				sync = FZ_SYNC_UNKNOWN;
			continue;
		}
		c->st.wrong++;
		fz_report(c, p, "success, but its reply or effect does not fit the model");
		sync = FZ_SYNC_BAD;
	}
	return sync;
}

/* After each datagram: do the counters say what the model says? */
static bool fz_check_counters(struct fz_ctx *c, const struct fz_wait *fw)
{
	uint32_t nr = c->other_nr + (uint32_t)c->w.nvms;
	uint64_t mem = c->other_mem + fz_world_mem(&c->w);

	c->w.nr_vms = fw->ping.nr_vms;
	c->w.mem_in_use = fw->ping.mem_in_use;
	if (fw->ping_err) {
		c->st.wrong++;
		fz_report(c, NULL, "ping (GET_INFO) failed: %d", fw->ping_err);
		return false;
	}
	if (fw->ping.nr_vms == nr && fw->ping.mem_in_use == mem)
		return true;
	c->st.state++;
	fz_report(c, NULL, "registry changed: NR_VMS %u MEM_IN_USE %llu, model %u %llu",
		  fw->ping.nr_vms, (unsigned long long)fw->ping.mem_in_use, nr,
		  (unsigned long long)mem);
	return false;
}

/* A socket that did not answer is replaced; its VMs die with it. */
static void fz_replace_sock(struct fz_ctx *c, int i)
{
	int k;

	fz_sock_free(c->socks[i]);
	c->socks[i] = fz_sock_open(c->o->timeout_ms);
	for (k = c->w.nvms - 1; k >= 0; k--)
		if (c->w.vms[k].sock == i)
			fz_world_del(&c->w, c->w.vms[k].id);
}

/* One fuzzing step: a datagram on a random socket, its checks. */
static int fz_step(struct fz_ctx *c)
{
	int i = (int)fz_below(&c->rng, c->nsocks), k, err;
	uint32_t ports[FZ_SOCKS];
	struct nlr_sock *s = c->socks[i];
	struct fz_wait fw;

	for (k = 0; k < c->nsocks; k++) {
		nlr_drain(c->socks[k]);
		ports[k] = c->socks[k]->port;
	}
	fz_gen_dgram(&c->rng, &c->w, s, ports, c->nsocks, &c->d);
	fz_predict(&c->w, s->family, &c->d);
	c->st.dgrams++;
	c->st.pings++;
	err = nlr_send(s, c->d.buf, c->d.len) ?: fz_send_ping(s, &fw);
	if (err) {
		c->st.wrong++;
		fz_report(c, NULL, "send failed: %s", strerror(-err));
		return err;
	}
	err = fz_collect(c, s, &fw);
	if (err == -ETIMEDOUT) {
		c->st.hangs++;
		fz_report(c, NULL, "no answer within %d ms", c->o->timeout_ms);
	}
	if (err) {
		fz_replace_sock(c, i);
		return fz_resync(c);
	}
	if (fz_check_answers(c, i) != FZ_SYNC_OK || !fz_check_counters(c, &fw))
		return fz_resync(c);
	if (c->st.dgrams % FZ_LIST_EVERY == 0 && !fz_list_matches(c)) {
		c->st.state++;
		fz_report(c, NULL, "the VM list differs from the model");
		return fz_resync(c);
	}
	/* Now and then a socket goes away with its VMs, and comes back. */
	if (c->role != FZ_NOBODY && fz_chance(&c->rng, 1))
		fz_replace_sock(c, i);
	return 0;
}

/* (iv) Phases. */

static void fz_run_until(struct fz_ctx *c, int64_t until)
{
	while (fz_now_ms() < until) {
		if (fz_step(c))
			break;
		if (c->st.hangs > 3)
			break;	/* the module is stuck; stop piling on */
	}
}

static int fz_open_socks(struct fz_ctx *c, int n)
{
	int i;

	c->nsocks = n;
	c->ctl = fz_sock_open(c->o->timeout_ms);
	for (i = 0; i < n; i++)
		c->socks[i] = fz_sock_open(c->o->timeout_ms);
	for (i = 0; i < n; i++)
		if (!c->socks[i])
			return -ENOENT;
	return c->ctl ? 0 : -ENOENT;
}

static void fz_close_socks(struct fz_ctx *c)
{
	int i;

	for (i = 0; i < c->nsocks; i++) {
		fz_sock_free(c->socks[i]);
		c->socks[i] = NULL;
	}
	fz_sock_free(c->ctl);
	c->ctl = NULL;
}

/* Drop to uid/gid 65534, which also drops every capability. */
static int fz_become_nobody(void)
{
	if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
		return -errno;
	return geteuid() == 65534 ? 0 : -EPERM;
}

/*
 * In a child: fuzz as @role for @ms (counted after its setup, since a new
 * network namespace takes a while under TCG) with the parent's model, and
 * write the counters to @fd.  The child keeps the parent's VM list as
 * foreign ids to probe when it lives in another namespace.
 */
static void fz_child(struct fz_ctx *c, enum fz_role role, int ms, int fd)
{
	struct fz_world *w = &c->w;
	int i, err = 0;

	c->role = role;
	c->reports = 0;
	memset(&c->st, 0, sizeof(c->st));
	fz_rng_seed(&c->rng, fz_rand(&c->rng) ^ (uint64_t)getpid());
	if (role == FZ_NETNS) {
		w->nforeign = 0;
		for (i = 0; i < w->nvms && i < (int)FZ_ARRAY_SIZE(w->foreign); i++)
			w->foreign[w->nforeign++] = w->vms[i].id;
		err = unshare(CLONE_NEWNET) ? -errno : 0;
	} else {
		err = fz_become_nobody();
		w->admin = false;
	}
	if (!err)
		err = fz_open_socks(c, role == FZ_NOBODY ? 2 : FZ_SOCKS);
	if (!err)
		err = fz_resync(c);
	if (!err)
		fz_run_until(c, fz_now_ms() + ms);
	else
		printf("# [%s] child setup failed: %s\n", fz_role_name[role],
		       strerror(-err));
	if (write(fd, &c->st, sizeof(c->st)) != (ssize_t)sizeof(c->st))
		err = -EIO;
	fflush(stdout);
	_exit(err ? 1 : 0);
}

/* Wait for a child, killing it when it overstays; its counters or -1. */
static int fz_reap(struct fz_ctx *c, pid_t pid, int fd, int64_t limit,
		   struct fz_stats *st)
{
	int status = 0;

	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (fz_now_ms() > limit) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			fz_report(c, NULL, "a child did not finish in time");
			c->st.hangs++;
			break;
		}
		usleep(20000);
	}
	if (read(fd, st, sizeof(*st)) != (ssize_t)sizeof(*st))
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Two snapshots equal: counters and every field of every VM. */
static bool fz_same(const struct burn_info *a, const struct burn_vmlist *la,
		    const struct burn_info *b, const struct burn_vmlist *lb)
{
	int i;

	if (a->nr_vms != b->nr_vms || a->mem_in_use != b->mem_in_use ||
	    la->n != lb->n)
		return false;
	for (i = 0; i < la->n; i++)
		if (memcmp(&la->vm[i], &lb->vm[i], sizeof(la->vm[i])))
			return false;
	return true;
}

/*
 * A child phase: snapshot, fork, wait, snapshot again.  Neither an
 * unprivileged process nor one in another netns may change what we see.
 */
static void fz_child_phase(struct fz_ctx *c, enum fz_role role, int ms,
			   struct fz_stats *total)
{
	static struct burn_vmlist before, after;
	struct burn_info bi, ai;
	struct fz_stats st = { 0 };
	int64_t limit = fz_now_ms() + ms + 3 * c->o->timeout_ms + 30000;
	int pfd[2], ok;
	pid_t pid;

	if (burn_get_info(c->ctl, &bi) || burn_list(c->ctl, &before) ||
	    pipe(pfd))
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		fz_child(c, role, ms, pfd[1]);
	}
	close(pfd[1]);
	ok = pid > 0 ? fz_reap(c, pid, pfd[0], limit, &st) : -1;
	close(pfd[0]);
	if (ok)
		total->wrong++;	/* setup failed or the child crashed */
	total->dgrams += st.dgrams;
	total->msgs += st.msgs;
	total->accepted += st.accepted;
	total->hangs += st.hangs;
	total->wrong += st.wrong;
	total->state += st.state;
	if (burn_get_info(c->ctl, &ai) || burn_list(c->ctl, &after) ||
	    !fz_same(&bi, &before, &ai, &after)) {
		total->state++;
		fz_report(c, NULL, "%s child changed the registry: NR_VMS %u -> %u, %d -> %d VMs listed",
			  fz_role_name[role], bi.nr_vms, ai.nr_vms, before.n,
			  after.n);
	}
}

/* (v) TAP and main. */

static void fz_tap(int n, bool ok, const char *what, const char *skip)
{
	printf("%s %d - %s%s%s\n", ok ? "ok" : "not ok", n, what,
	       skip ? " # SKIP " : "", skip ? skip : "");
}

struct fz_result {
	struct fz_stats root, nobody, netns;
	bool netns_ran, baseline_ok;
	int64_t ms;
};

static void fz_print(const struct fz_ctx *c, const struct fz_result *res)
{
	const struct fz_stats *r = &res->root, *u = &res->nobody,
			      *x = &res->netns;
	uint64_t msgs = r->msgs + u->msgs + x->msgs;
	uint64_t pings = r->pings + u->dgrams + x->dgrams;

	fz_tap(1, !r->hangs && !u->hangs && !x->hangs,
	       "no hang: every request was answered in time", NULL);
	fz_tap(2, !r->wrong, "privileged answers are the ones the ABI predicts",
	       NULL);
	fz_tap(3, !r->state,
	       "privileged requests change state only as modelled", NULL);
	fz_tap(4, !u->wrong, "unprivileged answers are the ones the ABI predicts",
	       NULL);
	fz_tap(5, !u->state, "no unprivileged state change", NULL);
	fz_tap(6, !x->hangs && !x->wrong && !x->state,
	       "another network namespace neither sees nor changes our VMs",
	       res->netns_ran ? NULL : "no network namespaces");
	fz_tap(7, res->baseline_ok,
	       "accounting back to baseline after closing every socket", NULL);
	printf("# %llu messages sent (%llu datagrams, %llu root, %llu nobody, %llu netns) + %llu pings, %llu accepted\n",
	       (unsigned long long)msgs,
	       (unsigned long long)(r->dgrams + u->dgrams + x->dgrams),
	       (unsigned long long)r->msgs, (unsigned long long)u->msgs,
	       (unsigned long long)x->msgs, (unsigned long long)pings,
	       (unsigned long long)(r->accepted + u->accepted + x->accepted));
	printf("# %.0f messages/s (pings included) over %.1f s; %llu unmodelled successes; seed %llu\n",
	       res->ms ? (double)(msgs + pings) * 1000.0 / (double)res->ms : 0.0,
	       (double)res->ms / 1000.0, (unsigned long long)r->resyncs,
	       (unsigned long long)c->o->seed);
}

/* The whole run: root phases with nobody and netns children between. */
static void fz_campaign(struct fz_ctx *c, struct fz_result *res)
{
	int64_t start = fz_now_ms(), end = start + c->o->seconds * 1000LL;
	int round;

	for (round = 0; fz_now_ms() < end; round++) {
		fz_run_until(c, fz_now_ms() + 1500 < end ?
			     fz_now_ms() + 1500 : end);
		if (c->st.hangs > 3 || fz_now_ms() >= end)
			break;
		fz_child_phase(c, FZ_NOBODY, 500, &res->nobody);
		if (round % 3 == 1 && res->netns_ran)
			fz_child_phase(c, FZ_NETNS, 800, &res->netns);
		if (fz_resync(c))
			break;
	}
	if (!fz_list_matches(c)) {
		c->st.state++;
		fz_report(c, NULL, "at the end, the VM list differs from the model");
	}
	res->root = c->st;
	res->ms = fz_now_ms() - start;
}

static bool fz_netns_works(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(unshare(CLONE_NEWNET) ? 1 : 0);
	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int fz_main(struct fz_ctx *c)
{
	static struct burn_vmlist base_list, end_list;
	struct burn_info base, end;
	struct fz_result res = { 0 };

	if (fz_open_socks(c, FZ_SOCKS) || burn_get_info(c->ctl, &base) ||
	    burn_list(c->ctl, &base_list) || fz_resync(c)) {
		printf("Bail out! family %s not reachable: is burnvmm.ko loaded?\n",
		       BURNVMM_GENL_NAME);
		return 1;
	}
	c->w.admin = true;
	c->w.max_vms = base.max_vms;
	c->w.max_mem = base.max_mem;
	res.netns_ran = fz_netns_works();
	fz_campaign(c, &res);
	fz_close_socks(c);
	c->ctl = fz_sock_open(c->o->timeout_ms);
	res.baseline_ok = c->ctl && !burn_get_info(c->ctl, &end) &&
		!burn_list(c->ctl, &end_list) &&
		end.nr_vms == base.nr_vms && end.mem_in_use == base.mem_in_use &&
		end_list.n == base_list.n;
	if (!res.baseline_ok && c->ctl)
		printf("# after closing: NR_VMS %u MEM_IN_USE %llu, at start %u %llu\n",
		       end.nr_vms, (unsigned long long)end.mem_in_use,
		       base.nr_vms, (unsigned long long)base.mem_in_use);
	fz_print(c, &res);
	fz_sock_free(c->ctl);
	return res.root.hangs || res.root.wrong || res.root.state ||
	       res.nobody.hangs || res.nobody.wrong || res.nobody.state ||
	       res.netns.hangs || res.netns.wrong || res.netns.state ||
	       !res.baseline_ok;
}

static const char *const fz_usage =
	"usage: nlfuzz [--seconds N] [--seed S] [--timeout MS]\n"
	"              [--safe-mem MIB] [--mem-budget MIB]\n"
	"Fuzz burnvmm.ko's generic netlink family for N seconds (default 15)\n"
	"as root, as uid 65534 and from another network namespace; print TAP.\n";

static int fz_parse(int argc, char **argv, struct fz_opts *o)
{
	static const struct option opts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "timeout", required_argument, NULL, 't' },
		{ "safe-mem", required_argument, NULL, 'm' },
		{ "mem-budget", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			o->seconds = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'S':
			o->seed = strtoull(optarg, NULL, 0);
			break;
		case 't':
			o->timeout_ms = (int)strtol(optarg, NULL, 0);
			break;
		case 'm':
			o->safe_mem = strtoull(optarg, NULL, 0) << 20;
			break;
		case 'b':
			o->mem_budget = strtoull(optarg, NULL, 0) << 20;
			break;
		default:
			fputs(fz_usage, ch == 'h' ? stdout : stderr);
			return ch == 'h' ? 0 : 129;
		}
	}
	if (optind != argc || o->safe_mem < BURNVMM_MEM_MIN) {
		fputs(fz_usage, stderr);
		return 129;
	}
	return -1;
}

int main(int argc, char **argv)
{
	static struct fz_ctx ctx;
	struct fz_opts o = {
		.seconds = 15,
		.seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32),
		.timeout_ms = 10000,
		.safe_mem = 16ULL << 20,
		.mem_budget = 256ULL << 20,
	};
	int rc = fz_parse(argc, argv, &o);

	if (rc >= 0)
		return rc;
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	printf("TAP version 13\n1..7\n");
	printf("# nlfuzz: seed %llu, %u s (replay: nlfuzz --seed %llu --seconds %u)\n",
	       (unsigned long long)o.seed, o.seconds,
	       (unsigned long long)o.seed, o.seconds);
	ctx.o = &o;
	ctx.role = FZ_ROOT;
	fz_rng_seed(&ctx.rng, o.seed);
	ctx.w.safe_mem = o.safe_mem;
	ctx.w.mem_budget = o.mem_budget;
	return fz_main(&ctx);
}
