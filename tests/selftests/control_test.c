// SPDX-License-Identifier: GPL-2.0
/*
 * control_test.c - in-VM selftests of burnvmm.ko's generic netlink control
 * plane, run inside the test host VM after insmod.
 *
 * Uses the kernel's kselftest harness (extracted from Debian's
 * linux-source at build time) and burnctl's own transport
 * (userland/netlink.c) to talk to the module; malformed requests are built
 * by hand with libnl so every rejection path is reached.  Each test leaves
 * no VM behind and checks, through GET_INFO, that the module's accounting
 * is back where it started.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include "kselftest_harness.h"
#include "netlink.h"

/* Module-wide counters from GET_INFO. */
struct module_info {
	uint32_t abi;
	uint32_t nr_vms;
	uint32_t max_vms;
	uint64_t max_mem;
	uint64_t mem_in_use;
};

static int info_reply(struct nlattr **tb, void *arg)
{
	struct module_info *mi = arg;

	if (!tb[BURNVMM_A_ABI_VERSION] || !tb[BURNVMM_A_NR_VMS] ||
	    !tb[BURNVMM_A_MAX_VMS] || !tb[BURNVMM_A_MAX_MEM] ||
	    !tb[BURNVMM_A_MEM_IN_USE])
		return -EPROTO;
	mi->abi = nla_get_u32(tb[BURNVMM_A_ABI_VERSION]);
	mi->nr_vms = nla_get_u32(tb[BURNVMM_A_NR_VMS]);
	mi->max_vms = nla_get_u32(tb[BURNVMM_A_MAX_VMS]);
	mi->max_mem = nla_get_u64(tb[BURNVMM_A_MAX_MEM]);
	mi->mem_in_use = nla_get_u64(tb[BURNVMM_A_MEM_IN_USE]);
	return 0;
}

static int get_info(struct burn_nl *nl, struct module_info *mi)
{
	return burn_nl_request(nl, burn_nl_msg(nl, BURNVMM_CMD_GET_INFO, false),
			       info_reply, mi);
}

/* One VM as VM_INFO/VM_CREATE/VM_LIST describe it. */
struct vm_desc {
	uint32_t id;
	uint64_t mem;
	uint32_t owner_port;
	uint32_t state;
};

static int vm_reply(struct nlattr **tb, void *arg)
{
	struct vm_desc *vm = arg;

	if (!tb[BURNVMM_A_VM_ID] || !tb[BURNVMM_A_MEM_SIZE] ||
	    !tb[BURNVMM_A_OWNER_PORT] || !tb[BURNVMM_A_STATE])
		return -EPROTO;
	vm->id = nla_get_u32(tb[BURNVMM_A_VM_ID]);
	vm->mem = nla_get_u64(tb[BURNVMM_A_MEM_SIZE]);
	vm->owner_port = nla_get_u32(tb[BURNVMM_A_OWNER_PORT]);
	vm->state = nla_get_u32(tb[BURNVMM_A_STATE]);
	return 0;
}

static int create_vm(struct burn_nl *nl, uint64_t mem, struct vm_desc *vm)
{
	struct nl_msg *msg = burn_nl_msg(nl, BURNVMM_CMD_VM_CREATE, false);

	burn_nl_put_u64(&msg, BURNVMM_A_MEM_SIZE, mem);
	return burn_nl_request(nl, msg, vm_reply, vm);
}

static int vm_cmd(struct burn_nl *nl, uint8_t cmd, uint32_t id,
		  struct vm_desc *vm)
{
	struct nl_msg *msg = burn_nl_msg(nl, cmd, false);

	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	return burn_nl_request(nl, msg, vm ? vm_reply : NULL, vm);
}

/* How many VMs VM_LIST shows, and whether @id is among them. */
struct list_count {
	uint32_t want;
	int n;
	bool found;
};

static int list_reply(struct nlattr **tb, void *arg)
{
	struct list_count *lc = arg;

	lc->n++;
	if (tb[BURNVMM_A_VM_ID] && nla_get_u32(tb[BURNVMM_A_VM_ID]) == lc->want)
		lc->found = true;
	return 0;
}

static int list_vms(struct burn_nl *nl, uint32_t want, struct list_count *lc)
{
	memset(lc, 0, sizeof(*lc));
	lc->want = want;
	return burn_nl_request(nl, burn_nl_msg(nl, BURNVMM_CMD_VM_LIST, true),
			       list_reply, lc);
}

FIXTURE(control) {
	struct burn_nl nl;
	struct module_info before;
};

FIXTURE_SETUP(control)
{
	ASSERT_EQ(0, burn_nl_open(&self->nl)) {
		TH_LOG("burnvmm family not found: is burnvmm.ko loaded?");
	}
	ASSERT_EQ(0, get_info(&self->nl, &self->before));
}

FIXTURE_TEARDOWN(control)
{
	struct module_info after;

	/* Nothing may outlive a test: count and memory are back. */
	EXPECT_EQ(0, get_info(&self->nl, &after));
	EXPECT_EQ(self->before.nr_vms, after.nr_vms);
	EXPECT_EQ(self->before.mem_in_use, after.mem_in_use);
	burn_nl_close(&self->nl);
}

TEST_F(control, get_info_reports_abi_and_limits)
{
	EXPECT_EQ(BURNVMM_GENL_VERSION, self->before.abi);
	EXPECT_GE(self->before.max_vms, 1);
	EXPECT_GE(self->before.max_mem, BURNVMM_MEM_MIN);
	EXPECT_EQ(0, self->before.max_mem % BURNVMM_MEM_ALIGN);
}

TEST_F(control, create_info_list_destroy)
{
	struct vm_desc vm = { 0 }, info = { 0 };
	struct module_info mid;
	struct list_count lc;

	ASSERT_EQ(0, create_vm(&self->nl, 16 << 20, &vm));
	EXPECT_GE(vm.id, 1);
	EXPECT_EQ(16 << 20, vm.mem);
	EXPECT_EQ(BURNVMM_VM_CREATED, vm.state);
	EXPECT_EQ(nl_socket_get_local_port(self->nl.sk), vm.owner_port);

	ASSERT_EQ(0, get_info(&self->nl, &mid));
	EXPECT_EQ(self->before.nr_vms + 1, mid.nr_vms);
	EXPECT_EQ(self->before.mem_in_use + (16 << 20), mid.mem_in_use);

	ASSERT_EQ(0, vm_cmd(&self->nl, BURNVMM_CMD_VM_INFO, vm.id, &info));
	EXPECT_EQ(vm.id, info.id);
	EXPECT_EQ(vm.mem, info.mem);

	ASSERT_EQ(0, list_vms(&self->nl, vm.id, &lc));
	EXPECT_TRUE(lc.found);

	ASSERT_EQ(0, vm_cmd(&self->nl, BURNVMM_CMD_VM_DESTROY, vm.id, NULL));
	EXPECT_EQ(-ENOENT, vm_cmd(&self->nl, BURNVMM_CMD_VM_INFO, vm.id, &info));
	EXPECT_EQ(-ENOENT, vm_cmd(&self->nl, BURNVMM_CMD_VM_DESTROY, vm.id,
				  NULL));
}

TEST_F(control, create_rejects_unaligned_size)
{
	struct vm_desc vm;

	EXPECT_EQ(-EINVAL, create_vm(&self->nl, BURNVMM_MEM_MIN + 1, &vm));
	EXPECT_NE(NULL, strstr(self->nl.errmsg, "multiple of 4 KiB")) {
		TH_LOG("extack: '%s'", self->nl.errmsg);
	}
}

TEST_F(control, create_rejects_size_below_minimum)
{
	struct vm_desc vm;

	EXPECT_EQ(-ERANGE, create_vm(&self->nl, 1 << 20, &vm));
	EXPECT_NE(0, self->nl.errmsg[0]);
}

TEST_F(control, create_rejects_size_over_module_limit)
{
	struct vm_desc vm;

	EXPECT_EQ(-E2BIG, create_vm(&self->nl, self->before.max_mem + 4096,
				    &vm));
	EXPECT_NE(NULL, strstr(self->nl.errmsg, "module limit")) {
		TH_LOG("extack: '%s'", self->nl.errmsg);
	}
}

TEST_F(control, create_rejects_size_over_abi_maximum)
{
	struct vm_desc vm;

	EXPECT_EQ(-ERANGE, create_vm(&self->nl, BURNVMM_MEM_MAX + 4096, &vm));
	EXPECT_EQ(-ERANGE, create_vm(&self->nl, ~0ULL, &vm));
}

TEST_F(control, create_without_size_is_rejected)
{
	struct nl_msg *msg = burn_nl_msg(&self->nl, BURNVMM_CMD_VM_CREATE,
					 false);

	EXPECT_EQ(-EINVAL, burn_nl_request(&self->nl, msg, NULL, NULL));
}

TEST_F(control, create_with_u32_size_is_rejected)
{
	struct nl_msg *msg = burn_nl_msg(&self->nl, BURNVMM_CMD_VM_CREATE,
					 false);

	burn_nl_put_u32(&msg, BURNVMM_A_MEM_SIZE, 16 << 20);
	EXPECT_EQ(-EINVAL, burn_nl_request(&self->nl, msg, NULL, NULL));
}

TEST_F(control, output_only_attribute_is_rejected)
{
	struct nl_msg *msg = burn_nl_msg(&self->nl, BURNVMM_CMD_VM_CREATE,
					 false);

	burn_nl_put_u64(&msg, BURNVMM_A_MEM_SIZE, 16 << 20);
	burn_nl_put_u32(&msg, BURNVMM_A_OWNER_PORT, 1);
	EXPECT_EQ(-EINVAL, burn_nl_request(&self->nl, msg, NULL, NULL));
}

TEST_F(control, unknown_attribute_is_rejected)
{
	struct nl_msg *msg = burn_nl_msg(&self->nl, BURNVMM_CMD_VM_CREATE,
					 false);

	burn_nl_put_u64(&msg, BURNVMM_A_MEM_SIZE, 16 << 20);
	burn_nl_put_u32(&msg, BURNVMM_A_MAX + 5, 1);
	EXPECT_EQ(-EINVAL, burn_nl_request(&self->nl, msg, NULL, NULL));
}

TEST_F(control, truncated_attribute_is_rejected)
{
	struct nl_msg *msg = burn_nl_msg(&self->nl, BURNVMM_CMD_VM_CREATE,
					 false);
	uint8_t three[3] = { 1, 2, 3 };

	ASSERT_EQ(0, nla_put(msg, BURNVMM_A_MEM_SIZE, sizeof(three), three));
	EXPECT_EQ(-EINVAL, burn_nl_request(&self->nl, msg, NULL, NULL));
}

TEST_F(control, unknown_command_is_rejected)
{
	struct nl_msg *msg = burn_nl_msg(&self->nl, 200, false);

	EXPECT_EQ(-EOPNOTSUPP, burn_nl_request(&self->nl, msg, NULL, NULL));
	msg = burn_nl_msg(&self->nl, BURNVMM_CMD_VM_ENDED, false);
	EXPECT_EQ(-EOPNOTSUPP, burn_nl_request(&self->nl, msg, NULL, NULL));
}

TEST_F(control, destroy_needs_a_valid_id)
{
	struct nl_msg *msg = burn_nl_msg(&self->nl, BURNVMM_CMD_VM_DESTROY,
					 false);

	EXPECT_EQ(-EINVAL, burn_nl_request(&self->nl, msg, NULL, NULL));
	EXPECT_EQ(-ERANGE, vm_cmd(&self->nl, BURNVMM_CMD_VM_DESTROY, 0, NULL));
	EXPECT_EQ(-ENOENT, vm_cmd(&self->nl, BURNVMM_CMD_VM_DESTROY,
				  0x7fffffff, NULL));
}

TEST_F(control, vm_dies_with_its_socket)
{
	struct burn_nl other;
	struct vm_desc vm;
	struct list_count lc;
	int i;

	ASSERT_EQ(0, burn_nl_open(&other));
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, create_vm(&other, 8 << 20, &vm));
	ASSERT_EQ(0, list_vms(&self->nl, vm.id, &lc));
	EXPECT_TRUE(lc.found);
	burn_nl_close(&other);
	ASSERT_EQ(0, list_vms(&self->nl, vm.id, &lc));
	EXPECT_FALSE(lc.found);
	EXPECT_EQ((int)self->before.nr_vms, lc.n);
}

/*
 * Run @checks(@id) in a forked child, which may then drop privileges or
 * change namespaces without touching the test process.  Returns the
 * child's exit status (a bit mask of failed checks; 0 for none), or -1
 * if it could not be run or did not exit normally.
 */
static int checks_in_child(int (*checks)(uint32_t id), uint32_t id)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(checks(id));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

TEST_F(control, vm_dies_with_killed_owner)
{
	struct vm_desc vm = { 0 };
	struct list_count lc;
	int pfd[2], status;
	pid_t pid;

	ASSERT_EQ(0, pipe(pfd));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct burn_nl nl;

		if (burn_nl_open(&nl) || create_vm(&nl, 8 << 20, &vm))
			_exit(1);
		if (write(pfd[1], &vm.id, sizeof(vm.id)) != sizeof(vm.id))
			_exit(1);
		pause();
		_exit(0);
	}
	close(pfd[1]);
	ASSERT_EQ(sizeof(vm.id), read(pfd[0], &vm.id, sizeof(vm.id)));
	close(pfd[0]);
	ASSERT_EQ(0, list_vms(&self->nl, vm.id, &lc));
	EXPECT_TRUE(lc.found);
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	ASSERT_EQ(0, list_vms(&self->nl, vm.id, &lc));
	EXPECT_FALSE(lc.found);
}

TEST_F(control, owner_is_told_when_another_socket_destroys)
{
	struct burn_nl other;
	struct vm_desc vm;
	int tries;

	ASSERT_EQ(0, create_vm(&self->nl, 8 << 20, &vm));
	ASSERT_EQ(0, burn_nl_open(&other));
	ASSERT_EQ(0, vm_cmd(&other, BURNVMM_CMD_VM_DESTROY, vm.id, NULL));
	burn_nl_close(&other);
	/* The event was queued before the destroy's ack was sent. */
	for (tries = 0; tries < 10 && !self->nl.ended_pending; tries++)
		ASSERT_EQ(0, burn_nl_read_events(&self->nl));
	ASSERT_TRUE(self->nl.ended_pending);
	EXPECT_EQ(vm.id, self->nl.ended_id);
	EXPECT_STREQ("destroyed on request", self->nl.ended_reason);
}

/*
 * In a child that dropped to uid/gid 65534 (and so every capability):
 * which requests work?  Reports through the exit code, bit per check.
 */
static int unprivileged_checks(uint32_t foreign_id)
{
	struct burn_nl nl;
	struct vm_desc vm;
	struct list_count lc;
	int bad = 0;

	if (setgid(65534) || setuid(65534))
		return 0x80;
	if (burn_nl_open(&nl))
		return 0x40;
	if (create_vm(&nl, 8 << 20, &vm) != -EPERM)
		bad |= 1;
	if (vm_cmd(&nl, BURNVMM_CMD_VM_DESTROY, foreign_id, NULL) != -EPERM)
		bad |= 2;
	if (list_vms(&nl, foreign_id, &lc) || !lc.found)
		bad |= 4;
	if (vm_cmd(&nl, BURNVMM_CMD_VM_INFO, foreign_id, &vm) || vm.id != foreign_id)
		bad |= 8;
	burn_nl_close(&nl);
	return bad;
}

TEST_F(control, unprivileged_user_can_look_but_not_touch)
{
	struct vm_desc vm;
	int status;

	ASSERT_EQ(0, create_vm(&self->nl, 8 << 20, &vm));
	status = checks_in_child(unprivileged_checks, vm.id);
	ASSERT_GE(status, 0);
	EXPECT_EQ(0, status) {
		TH_LOG("failed checks (bits): create=1 destroy=2 list=4 info=8 setup>=0x40: %#x",
		       status);
	}
	EXPECT_EQ(0, vm_cmd(&self->nl, BURNVMM_CMD_VM_DESTROY, vm.id, NULL));
}

/* In a child in a new network namespace: the parent's VM is invisible. */
static int other_netns_checks(uint32_t foreign_id)
{
	struct burn_nl nl;
	struct vm_desc vm;
	struct list_count lc;
	int bad = 0;

	if (unshare(CLONE_NEWNET))
		return errno == EINVAL ? 0x7f : 0x80;	/* 0x7f: no NET_NS */
	if (burn_nl_open(&nl))
		return 0x40;
	if (list_vms(&nl, foreign_id, &lc) || lc.found || lc.n != 0)
		bad |= 1;
	if (vm_cmd(&nl, BURNVMM_CMD_VM_INFO, foreign_id, &vm) != -ENOENT)
		bad |= 2;
	if (vm_cmd(&nl, BURNVMM_CMD_VM_DESTROY, foreign_id, NULL) != -ENOENT)
		bad |= 4;
	if (create_vm(&nl, 8 << 20, &vm))
		bad |= 8;
	burn_nl_close(&nl);
	return bad;
}

TEST_F(control, network_namespaces_are_isolated)
{
	struct vm_desc vm;
	struct list_count lc;
	int status;

	ASSERT_EQ(0, create_vm(&self->nl, 8 << 20, &vm));
	status = checks_in_child(other_netns_checks, vm.id);
	ASSERT_GE(status, 0);
	if (status == 0x7f) {
		vm_cmd(&self->nl, BURNVMM_CMD_VM_DESTROY, vm.id, NULL);
		SKIP(return, "kernel without CONFIG_NET_NS");
	}
	EXPECT_EQ(0, status) {
		TH_LOG("failed checks (bits): list=1 info=2 destroy=4 create=8: %#x",
		       status);
	}
	/* Still here for its owner, and the child's VM died with the child. */
	ASSERT_EQ(0, list_vms(&self->nl, vm.id, &lc));
	EXPECT_TRUE(lc.found);
	EXPECT_EQ(0, vm_cmd(&self->nl, BURNVMM_CMD_VM_DESTROY, vm.id, NULL));
}

TEST_F(control, many_vms_on_one_socket)
{
	struct vm_desc vm;
	struct list_count lc;
	struct burn_nl other;
	int i, n = 16;

	if ((uint32_t)n > self->before.max_vms - self->before.nr_vms)
		n = (int)(self->before.max_vms - self->before.nr_vms);
	ASSERT_EQ(0, burn_nl_open(&other));
	for (i = 0; i < n; i++)
		ASSERT_EQ(0, create_vm(&other, BURNVMM_MEM_MIN, &vm));
	ASSERT_EQ(0, list_vms(&self->nl, 0, &lc));
	EXPECT_EQ((int)self->before.nr_vms + n, lc.n);
	burn_nl_close(&other);
}

/* VM_STATS: the nest of counters, checked for order and size as it comes. */
struct stats_reply {
	uint32_t id;
	int n;
	bool nested;	/* the STATS attribute carries NLA_F_NESTED */
	bool ordered;	/* types 1, 2, 3, ... and u64 values */
	uint64_t sum;
};

static int stats_reply(struct nlattr **tb, void *arg)
{
	struct stats_reply *r = arg;
	struct nlattr *nla;
	int rem;

	if (!tb[BURNVMM_A_VM_ID] || !tb[BURNVMM_A_STATS])
		return -EPROTO;
	r->id = nla_get_u32(tb[BURNVMM_A_VM_ID]);
	r->nested = tb[BURNVMM_A_STATS]->nla_type & NLA_F_NESTED;
	r->ordered = true;
	nla_for_each_nested(nla, tb[BURNVMM_A_STATS], rem) {
		if (nla_type(nla) != r->n + 1 || nla_len(nla) != 8)
			r->ordered = false;
		else
			r->sum += nla_get_u64(nla);
		r->n++;
	}
	return 0;
}

static int vm_stats(struct burn_nl *nl, uint32_t id, struct stats_reply *r)
{
	struct nl_msg *msg = burn_nl_msg(nl, BURNVMM_CMD_VM_STATS, false);

	memset(r, 0, sizeof(*r));
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	return burn_nl_request(nl, msg, stats_reply, r);
}

/* VM_EVENT with a bit (@bit >= 0), console input (@data), both or none. */
static int taken_reply(struct nlattr **tb, void *arg)
{
	uint32_t *taken = arg;

	if (!tb[BURNVMM_A_INPUT_TAKEN])
		return -EPROTO;
	*taken = nla_get_u32(tb[BURNVMM_A_INPUT_TAKEN]);
	return 0;
}

static int vm_event(struct burn_nl *nl, uint32_t id, int64_t bit,
		    const void *data, size_t len, uint32_t *taken)
{
	struct nl_msg *msg = burn_nl_msg(nl, BURNVMM_CMD_VM_EVENT, false);
	uint32_t dummy;

	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	if (bit >= 0)
		burn_nl_put_u32(&msg, BURNVMM_A_EVENT_BIT, (uint32_t)bit);
	if (data)
		burn_nl_put_data(&msg, BURNVMM_A_DATA, data, len);
	return burn_nl_request(nl, msg, taken_reply, taken ? taken : &dummy);
}

TEST_F(control, vm_stats_lists_every_counter_in_order)
{
	struct stats_reply r;
	struct vm_desc vm;

	ASSERT_EQ(0, create_vm(&self->nl, 8 << 20, &vm));
	ASSERT_EQ(0, vm_stats(&self->nl, vm.id, &r));
	EXPECT_EQ(vm.id, r.id);
	EXPECT_TRUE(r.nested);
	EXPECT_TRUE(r.ordered);
	EXPECT_EQ(BURNVMM_STAT_COUNT, r.n);
	EXPECT_EQ(0, r.sum);	/* nothing has run yet */
	EXPECT_EQ(0, vm_cmd(&self->nl, BURNVMM_CMD_VM_DESTROY, vm.id, NULL));
}

TEST_F(control, vm_stats_needs_a_live_vm)
{
	struct nl_msg *msg = burn_nl_msg(&self->nl, BURNVMM_CMD_VM_STATS,
					 false);
	struct stats_reply r;

	EXPECT_EQ(-EINVAL, burn_nl_request(&self->nl, msg, NULL, NULL));
	EXPECT_EQ(-ENOENT, vm_stats(&self->nl, 0x7fffffff, &r));
	EXPECT_STREQ("no such VM", self->nl.errmsg);
	EXPECT_EQ(-ERANGE, vm_stats(&self->nl, 0, &r));
}

TEST_F(control, stats_attribute_is_output_only)
{
	struct nl_msg *msg = burn_nl_msg(&self->nl, BURNVMM_CMD_VM_STATS,
					 false);
	struct vm_desc vm;
	struct nlattr *nest;

	ASSERT_EQ(0, create_vm(&self->nl, 8 << 20, &vm));
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, vm.id);
	nest = nla_nest_start(msg, BURNVMM_A_STATS);
	ASSERT_NE(NULL, nest);
	ASSERT_EQ(0, nla_put_u64(msg, 1, 42));
	nla_nest_end(msg, nest);
	EXPECT_EQ(-EINVAL, burn_nl_request(&self->nl, msg, NULL, NULL));
	EXPECT_EQ(0, vm_cmd(&self->nl, BURNVMM_CMD_VM_DESTROY, vm.id, NULL));
}

TEST_F(control, vm_event_rejects_bad_requests)
{
	static uint8_t big[BURNVMM_CONSOLE_INPUT_MAX + 1];
	struct vm_desc vm;

	ASSERT_EQ(0, create_vm(&self->nl, 8 << 20, &vm));
	/* Bits 0..7 are the host's; the policy checks the range. */
	EXPECT_EQ(-ERANGE, vm_event(&self->nl, vm.id, 7, NULL, 0, NULL));
	EXPECT_EQ(-ERANGE, vm_event(&self->nl, vm.id, 0, NULL, 0, NULL));
	EXPECT_EQ(-ERANGE, vm_event(&self->nl, vm.id, 32, NULL, 0, NULL));
	EXPECT_EQ(-ERANGE, vm_event(&self->nl, vm.id, 0xffffffff, NULL, 0,
				    NULL));
	EXPECT_EQ(-EINVAL, vm_event(&self->nl, vm.id, -1, NULL, 0, NULL));
	EXPECT_NE(NULL, strstr(self->nl.errmsg, "exactly one")) {
		TH_LOG("extack: '%s'", self->nl.errmsg);
	}
	EXPECT_EQ(-EINVAL, vm_event(&self->nl, vm.id, 8, "a", 1, NULL));
	EXPECT_EQ(-EINVAL, vm_event(&self->nl, vm.id, -1, "", 0, NULL));
	EXPECT_EQ(-E2BIG, vm_event(&self->nl, vm.id, -1, big, sizeof(big),
				   NULL));
	EXPECT_NE(NULL, strstr(self->nl.errmsg, "1024")) {
		TH_LOG("extack: '%s'", self->nl.errmsg);
	}
	EXPECT_EQ(-ENOENT, vm_event(&self->nl, 0x7fffffff, 8, NULL, 0, NULL));
	EXPECT_EQ(0, vm_cmd(&self->nl, BURNVMM_CMD_VM_DESTROY, vm.id, NULL));
}

TEST_F(control, vm_event_before_start_is_kept)
{
	static uint8_t line[BURNVMM_CONSOLE_INPUT_MAX];
	uint32_t taken = 0;
	struct vm_desc vm;

	memset(line, 'a', sizeof(line));
	ASSERT_EQ(0, create_vm(&self->nl, 8 << 20, &vm));
	EXPECT_EQ(0, vm_event(&self->nl, vm.id, 8, NULL, 0, NULL));
	EXPECT_EQ(0, vm_event(&self->nl, vm.id, 31, NULL, 0, NULL));
	/* An empty buffer takes something of a full-size message. */
	EXPECT_EQ(0, vm_event(&self->nl, vm.id, -1, line, sizeof(line),
			      &taken));
	EXPECT_GE(taken, 1);
	EXPECT_LE(taken, sizeof(line));
	EXPECT_EQ(0, vm_cmd(&self->nl, BURNVMM_CMD_VM_DESTROY, vm.id, NULL));
}

/*
 * In a child with CAP_NET_ADMIN but another uid (and no CAP_SYS_ADMIN):
 * VM_EVENT on our VM is refused, VM_STATS is not.  Bit per failed check.
 */
static int other_admin_checks(uint32_t foreign_id)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct caps[2] = { { 0 } };
	struct stats_reply r;
	struct burn_nl nl;
	int bad = 0;

	if (prctl(PR_SET_KEEPCAPS, 1) || setgid(65534) || setuid(65534))
		return 0x80;
	caps[0].effective = caps[0].permitted = 1u << CAP_NET_ADMIN;
	if (syscall(SYS_capset, &hdr, caps))
		return 0x80;
	if (burn_nl_open(&nl))
		return 0x40;
	if (vm_event(&nl, foreign_id, 8, NULL, 0, NULL) != -EPERM ||
	    !strstr(nl.errmsg, "another user"))
		bad |= 1;
	if (vm_event(&nl, foreign_id, -1, "x", 1, NULL) != -EPERM)
		bad |= 2;
	if (vm_stats(&nl, foreign_id, &r) || r.id != foreign_id)
		bad |= 4;
	burn_nl_close(&nl);
	return bad;
}

TEST_F(control, vm_event_is_for_the_owner)
{
	struct vm_desc vm;
	int status;

	ASSERT_EQ(0, create_vm(&self->nl, 8 << 20, &vm));
	status = checks_in_child(other_admin_checks, vm.id);
	ASSERT_GE(status, 0);
	EXPECT_EQ(0, status) {
		TH_LOG("failed checks (bits): event=1 input=2 stats=4 setup>=0x40: %#x",
		       status);
	}
	EXPECT_EQ(0, vm_cmd(&self->nl, BURNVMM_CMD_VM_DESTROY, vm.id, NULL));
}

/* A child without any capability: VM_EVENT is an admin command. */
static int nobody_event_checks(uint32_t foreign_id)
{
	struct burn_nl nl;
	int bad = 0;

	if (setgid(65534) || setuid(65534))
		return 0x80;
	if (burn_nl_open(&nl))
		return 0x40;
	if (vm_event(&nl, foreign_id, 8, NULL, 0, NULL) != -EPERM)
		bad |= 1;
	burn_nl_close(&nl);
	return bad;
}

TEST_F(control, vm_event_needs_cap_net_admin)
{
	struct vm_desc vm;
	int status;

	ASSERT_EQ(0, create_vm(&self->nl, 8 << 20, &vm));
	status = checks_in_child(nobody_event_checks, vm.id);
	ASSERT_GE(status, 0);
	EXPECT_EQ(0, status);
	EXPECT_EQ(0, vm_cmd(&self->nl, BURNVMM_CMD_VM_DESTROY, vm.id, NULL));
}

/* Start a guest that spins (`jmp .` at 1 MiB), stop it, wait for its end. */
static int run_and_stop(struct burn_nl *nl, uint32_t id)
{
	static const uint8_t jmp_self[] = { 0xeb, 0xfe };
	struct stats_reply r;
	struct nl_msg *msg;
	int err, tries;

	msg = burn_nl_msg(nl, BURNVMM_CMD_VM_MEM_WRITE, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	burn_nl_put_u64(&msg, BURNVMM_A_GPA, 0x100000);
	burn_nl_put_data(&msg, BURNVMM_A_DATA, jmp_self, sizeof(jmp_self));
	err = burn_nl_request(nl, msg, NULL, NULL);
	if (err)
		return err;
	msg = burn_nl_msg(nl, BURNVMM_CMD_VCPU_SET_REGS, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	burn_nl_put_u32(&msg, BURNVMM_A_REG_EIP, 0x100000);
	err = burn_nl_request(nl, msg, NULL, NULL) ?:
	      vm_cmd(nl, BURNVMM_CMD_VCPU_START, id, NULL);
	if (err)
		return err;
	/* Let it run first: a stop may otherwise come before any entry. */
	for (tries = 0; tries < 250; tries++) {
		err = vm_stats(nl, id, &r);
		if (err || r.sum)
			break;
		usleep(20000);
	}
	err = err ?: vm_cmd(nl, BURNVMM_CMD_VCPU_STOP, id, NULL);
	if (err)
		return err;
	for (tries = 0; tries < 200 && !nl->ended_pending; tries++) {
		usleep(50000);
		burn_nl_read_events(nl);
	}
	return nl->ended_pending ? 0 : -ETIMEDOUT;
}

TEST_F(control, vm_event_after_the_end_is_refused)
{
	struct stats_reply r;
	struct vm_desc vm;

	ASSERT_EQ(0, create_vm(&self->nl, 8 << 20, &vm));
	ASSERT_EQ(0, run_and_stop(&self->nl, vm.id));
	EXPECT_EQ(-ESRCH, vm_event(&self->nl, vm.id, 8, NULL, 0, NULL));
	EXPECT_NE(NULL, strstr(self->nl.errmsg, "ended")) {
		TH_LOG("extack: '%s'", self->nl.errmsg);
	}
	EXPECT_EQ(-ESRCH, vm_event(&self->nl, vm.id, -1, "x", 1, NULL));
	/* The counters stay readable, and show that the guest ran. */
	ASSERT_EQ(0, vm_stats(&self->nl, vm.id, &r));
	EXPECT_TRUE(r.ordered);
	EXPECT_GT(r.sum, 0);
	EXPECT_EQ(0, vm_cmd(&self->nl, BURNVMM_CMD_VM_DESTROY, vm.id, NULL));
}

TEST_HARNESS_MAIN
