// SPDX-License-Identifier: GPL-2.0
/*
 * netlink.c - the generic netlink family "burnvmm": the module's whole
 * control plane (see include/uapi/linux/burnvmm.h for the ABI).
 *
 * Contents:
 *  (i)   the attribute policy: every attribute a user may send, with its
 *        type and range, checked by the genetlink core before a handler
 *        runs (strict: unknown or output-only attributes are rejected)
 *  (ii)  handlers, one per command (VM_STATS and VM_EVENT last)
 *  (iii) events the module sends on its own (VM_ENDED, CONSOLE)
 *  (iv)  socket release: a VM dies with its owner's socket
 *
 * Handlers run under genl_mutex (the family does not ask for parallel
 * ops), in the context of the sending process, which is what lets them
 * read its credentials.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>
#include "burnvmm.h"
#include "burnvmm/vcpu.h"

static struct genl_family burn_genl_family;

/*
 * (i) Policy.  Only attributes a request may carry are listed; the others
 * (owner, state, counters...) are output-only, and because the policy
 * leaves them NLA_UNSPEC, strict validation rejects them in requests with
 * "Unsupported attribute".  The memory range here is the ABI's absolute
 * one; the module's own lower limit is checked in burn_vm_check_mem_size()
 * so that the user learns which limit was hit.
 */
/* Not const: the 6.1 nla_policy points at a mutable range. */
static struct netlink_range_validation burn_mem_size_range = {
	.min = BURNVMM_MEM_MIN,
	.max = BURNVMM_MEM_MAX,
};

static const struct nla_policy burn_nl_policy[BURNVMM_A_MAX + 1] = {
	[BURNVMM_A_VM_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[BURNVMM_A_MEM_SIZE] = NLA_POLICY_FULL_RANGE(NLA_U64,
						     &burn_mem_size_range),
	[BURNVMM_A_GPA] = { .type = NLA_U64 },
	[BURNVMM_A_DATA] = { .type = NLA_BINARY, .len = BURNVMM_MEM_WRITE_MAX },
	[BURNVMM_A_REG_EIP] = { .type = NLA_U32 },
	[BURNVMM_A_REG_ESP] = { .type = NLA_U32 },
	[BURNVMM_A_REG_EAX] = { .type = NLA_U32 },
	[BURNVMM_A_REG_EBX] = { .type = NLA_U32 },
	[BURNVMM_A_REG_ECX] = { .type = NLA_U32 },
	[BURNVMM_A_REG_EDX] = { .type = NLA_U32 },
	[BURNVMM_A_REG_ESI] = { .type = NLA_U32 },
	[BURNVMM_A_REG_EDI] = { .type = NLA_U32 },
	[BURNVMM_A_REG_EBP] = { .type = NLA_U32 },
	[BURNVMM_A_BLOCK_STATUS] = NLA_POLICY_MAX(NLA_U32, 4095),
	[BURNVMM_A_EVENT_BIT] = NLA_POLICY_RANGE(NLA_U32, BURNVMM_EVENT_BIT_MIN,
						 BURNVMM_EVENT_BIT_MAX),
};

/* The UAPI's event range is the one the VCPU page defines. */
static_assert(BURNVMM_EVENT_BIT_MIN == BURN_EVENT_FIRST_IRQ);
static_assert(BURNVMM_EVENT_BIT_MAX == BURN_EVENT_LAST);

/*
 * Set a non-literal extack message.  NL_SET_ERR_MSG() wants a string
 * literal; our messages come from vm.c as pointers to literals, which have
 * the static lifetime extack requires.
 */
static void burn_nl_set_msg(struct genl_info *info, const char *msg)
{
	if (info->extack)
		info->extack->_msg = msg;
}

/* Identify the sender of @info for ownership checks (see vm.c). */
static void burn_nl_requester(struct genl_info *info,
			      struct burn_requester *who)
{
	who->net = genl_info_net(info);
	who->portid = info->snd_portid;
	who->euid = current_euid();
	who->sys_admin = capable(CAP_SYS_ADMIN);
}

/* Put the attributes describing @vm into @msg (VM_INFO, VM_LIST, ...). */
static int burn_nl_fill_vm(struct sk_buff *msg, struct burn_vm *vm)
{
	struct user_namespace *ns = current_user_ns();

	if (nla_put_u32(msg, BURNVMM_A_VM_ID, vm->id) ||
	    nla_put_u64_64bit(msg, BURNVMM_A_MEM_SIZE, vm->mem_size,
			      BURNVMM_A_PAD) ||
	    nla_put_u32(msg, BURNVMM_A_OWNER_PORT, vm->owner_portid) ||
	    nla_put_u32(msg, BURNVMM_A_OWNER_UID,
			from_kuid_munged(ns, vm->owner_uid)) ||
	    nla_put_u32(msg, BURNVMM_A_STATE, READ_ONCE(vm->state)) ||
	    nla_put_u64_64bit(msg, BURNVMM_A_CREATED_NS, vm->created_ns,
			      BURNVMM_A_PAD) ||
	    nla_put_u64_64bit(msg, BURNVMM_A_EXITS,
			      burn_stat_read(&vm->vcpu.stats,
					     BURNVMM_STAT_EXITS),
			      BURNVMM_A_PAD) ||
	    nla_put_u64_64bit(msg, BURNVMM_A_HYPERCALLS,
			      burn_stat_read(&vm->vcpu.stats,
					     BURNVMM_STAT_EXITS_HYPERCALL),
			      BURNVMM_A_PAD))
		return -EMSGSIZE;
	return 0;
}

/*
 * Send @vm's attributes under command @cmd as the reply to @info, in the
 * already allocated @msg, which this consumes.
 */
static int burn_nl_send_vm(struct sk_buff *msg, struct genl_info *info,
			   struct burn_vm *vm, u8 cmd)
{
	void *hdr;

	hdr = genlmsg_put_reply(msg, info, &burn_genl_family, 0, cmd);
	if (!hdr || burn_nl_fill_vm(msg, vm)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* (ii) Handlers. */

static int burn_nl_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &burn_genl_family, 0,
				BURNVMM_CMD_GET_INFO);
	if (!hdr ||
	    nla_put_u32(msg, BURNVMM_A_ABI_VERSION, BURNVMM_GENL_VERSION) ||
	    nla_put_string(msg, BURNVMM_A_MODULE_VERSION, BURN_MODULE_VERSION) ||
	    nla_put_u64_64bit(msg, BURNVMM_A_MAX_MEM, burn_vm_mem_limit(),
			      BURNVMM_A_PAD) ||
	    nla_put_u32(msg, BURNVMM_A_MAX_VMS, burn_max_vms) ||
	    nla_put_u32(msg, BURNVMM_A_NR_VMS, burn_vm_count()) ||
	    nla_put_u64_64bit(msg, BURNVMM_A_MEM_IN_USE, burn_vm_mem_in_use(),
			      BURNVMM_A_PAD)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int burn_nl_vm_create(struct sk_buff *skb, struct genl_info *info)
{
	struct burn_requester who;
	const char *why = NULL;
	struct sk_buff *msg;
	struct burn_vm *vm;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, BURNVMM_A_MEM_SIZE))
		return -EINVAL;
	/*
	 * An error answer must mean "no VM": a caller that retries after
	 * -ENOMEM must not pile up VMs it was told do not exist.  So the
	 * reply is allocated before the VM exists, and a VM whose reply
	 * still cannot be sent is taken back.
	 */
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	burn_nl_requester(info, &who);
	vm = burn_vm_create(&who, nla_get_u64(info->attrs[BURNVMM_A_MEM_SIZE]),
			    &why);
	if (IS_ERR(vm)) {
		nlmsg_free(msg);
		burn_nl_set_msg(info, why);
		NL_SET_BAD_ATTR(info->extack, info->attrs[BURNVMM_A_MEM_SIZE]);
		return PTR_ERR(vm);
	}
	err = burn_nl_send_vm(msg, info, vm, BURNVMM_CMD_VM_CREATE);
	if (err)
		burn_vm_abandon(vm);
	burn_vm_put(vm);
	return err;
}

static int burn_nl_vm_destroy(struct sk_buff *skb, struct genl_info *info)
{
	struct burn_requester who;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, BURNVMM_A_VM_ID))
		return -EINVAL;
	burn_nl_requester(info, &who);
	err = burn_vm_destroy(&who, nla_get_u32(info->attrs[BURNVMM_A_VM_ID]));
	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "no such VM");
	else if (err == -EPERM)
		NL_SET_ERR_MSG(info->extack, "VM belongs to another user");
	return err;
}

/*
 * The read-only requests (VM_INFO, VM_STATS) answer about any VM of the
 * sender's network namespace: look it up by VM_ID, build a reply of
 * @size bytes with @fill, and send it.  What the reply may say to whom
 * is @fill's business (burn_nl_fill_end keeps how a VM ended for its
 * owner).
 */
static int burn_nl_reply_about_vm(struct genl_info *info, u8 cmd, size_t size,
				  int (*fill)(struct sk_buff *msg,
					      struct burn_vm *vm))
{
	struct sk_buff *msg;
	struct burn_vm *vm;
	void *hdr;
	int err = -EMSGSIZE;

	if (GENL_REQ_ATTR_CHECK(info, BURNVMM_A_VM_ID))
		return -EINVAL;
	vm = burn_vm_get(genl_info_net(info),
			 nla_get_u32(info->attrs[BURNVMM_A_VM_ID]));
	if (!vm) {
		NL_SET_ERR_MSG(info->extack, "no such VM");
		return -ENOENT;
	}
	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto put_vm;
	}
	hdr = genlmsg_put_reply(msg, info, &burn_genl_family, 0, cmd);
	if (!hdr || fill(msg, vm)) {
		nlmsg_free(msg);
		goto put_vm;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
put_vm:
	burn_vm_put(vm);
	return err;
}

/*
 * How @vm ended, as VM_ENDED said it: END_KIND, END_REASON, and
 * EXIT_STATUS for a shutdown.  Only for the owner's uid (or
 * CAP_SYS_ADMIN): an owner whose socket was too full to take VM_ENDED
 * finds its VM's end here, and nobody else reads a reason, which may name
 * guest addresses.
 */
static int burn_nl_fill_end(struct sk_buff *msg, struct burn_vm *vm)
{
	struct burn_vm_end end;

	/*
	 * VM_INFO is anybody's: asking whether a stranger may see more must
	 * not leave a capability denial in the audit log.
	 */
	if (!uid_eq(vm->owner_uid, current_euid()) &&
	    !ns_capable_noaudit(&init_user_ns, CAP_SYS_ADMIN))
		return 0;
	if (!burn_vm_get_end(vm, &end))
		return 0;
	if (nla_put_u32(msg, BURNVMM_A_END_KIND, end.kind) ||
	    nla_put_string(msg, BURNVMM_A_END_REASON, end.reason) ||
	    (end.kind == BURNVMM_END_SHUTDOWN &&
	     nla_put_u32(msg, BURNVMM_A_EXIT_STATUS, end.status)))
		return -EMSGSIZE;
	return 0;
}

/* VM_INFO's reply: what VM_LIST says of the VM, and how it ended. */
static int burn_nl_fill_info(struct sk_buff *msg, struct burn_vm *vm)
{
	return burn_nl_fill_vm(msg, vm) ?: burn_nl_fill_end(msg, vm);
}

static int burn_nl_vm_info(struct sk_buff *skb, struct genl_info *info)
{
	return burn_nl_reply_about_vm(info, BURNVMM_CMD_VM_INFO,
				      NLMSG_DEFAULT_SIZE, burn_nl_fill_info);
}

/*
 * VM_LIST dump.  cb->args[0] is the next VM id to report, so a dump that
 * fills several messages resumes where it stopped; VMs created or ended
 * meanwhile may or may not appear, as with any netlink dump.
 */
static int burn_nl_vm_list(struct sk_buff *skb, struct netlink_callback *cb)
{
	u32 next_id = cb->args[0];
	struct burn_vm *vm;
	void *hdr;
	int err;

	while ((vm = burn_vm_get_next(sock_net(skb->sk), &next_id))) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &burn_genl_family,
				  NLM_F_MULTI, BURNVMM_CMD_VM_LIST);
		err = hdr ? burn_nl_fill_vm(skb, vm) : -EMSGSIZE;
		burn_vm_put(vm);
		if (err) {
			if (hdr)
				genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = next_id;
	}
	return skb->len;
}

/*
 * The VM named by a state-changing request, with a reference, checked
 * against the sender (owner's uid or CAP_SYS_ADMIN); NULL with the error
 * in *@err and an extack message set.
 */
static struct burn_vm *burn_nl_owned_vm(struct genl_info *info, int *err)
{
	struct burn_requester who;
	struct burn_vm *vm;

	if (GENL_REQ_ATTR_CHECK(info, BURNVMM_A_VM_ID)) {
		*err = -EINVAL;
		return NULL;
	}
	burn_nl_requester(info, &who);
	vm = burn_vm_get_owned(&who, nla_get_u32(info->attrs[BURNVMM_A_VM_ID]),
			       err);
	if (!vm && *err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "no such VM");
	else if (!vm)
		NL_SET_ERR_MSG(info->extack, "VM belongs to another user");
	return vm;
}

/*
 * VM_MEM_WRITE: the range is the sender's, so it goes through the one
 * overflow-safe check in mem.c; writes are only allowed before the VCPU
 * starts, when nobody else can be using guest RAM.
 */
static int burn_nl_mem_write(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *data;
	struct burn_vm *vm;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, BURNVMM_A_GPA) ||
	    GENL_REQ_ATTR_CHECK(info, BURNVMM_A_DATA))
		return -EINVAL;
	vm = burn_nl_owned_vm(info, &err);
	if (!vm)
		return err;
	data = info->attrs[BURNVMM_A_DATA];
	mutex_lock(&vm->lock);
	if (vm->dead || READ_ONCE(vm->state) != BURNVMM_VM_CREATED) {
		NL_SET_ERR_MSG(info->extack, "the VM has been started");
		err = -EBUSY;
	} else {
		err = burn_gpa_write(vm, gpa(nla_get_u64(info->attrs[BURNVMM_A_GPA])),
				     nla_data(data), nla_len(data));
		if (err)
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[BURNVMM_A_GPA],
					    "range lies outside guest RAM");
	}
	mutex_unlock(&vm->lock);
	burn_vm_put(vm);
	return err;
}

/* Copy the REG_* attributes present in @info into @b. */
static void burn_nl_get_regs(struct genl_info *info, struct burn_boot_regs *b)
{
	static const struct {
		int attr;
		size_t offset;
	} map[] = {
		{ BURNVMM_A_REG_EIP, offsetof(struct burn_boot_regs, eip) },
		{ BURNVMM_A_REG_ESP, offsetof(struct burn_boot_regs, esp) },
		{ BURNVMM_A_REG_EAX, offsetof(struct burn_boot_regs, eax) },
		{ BURNVMM_A_REG_EBX, offsetof(struct burn_boot_regs, ebx) },
		{ BURNVMM_A_REG_ECX, offsetof(struct burn_boot_regs, ecx) },
		{ BURNVMM_A_REG_EDX, offsetof(struct burn_boot_regs, edx) },
		{ BURNVMM_A_REG_ESI, offsetof(struct burn_boot_regs, esi) },
		{ BURNVMM_A_REG_EDI, offsetof(struct burn_boot_regs, edi) },
		{ BURNVMM_A_REG_EBP, offsetof(struct burn_boot_regs, ebp) },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (info->attrs[map[i].attr])
			*(u32 *)((u8 *)b + map[i].offset) =
				nla_get_u32(info->attrs[map[i].attr]);
}

static int burn_nl_set_regs(struct sk_buff *skb, struct genl_info *info)
{
	struct burn_vm *vm;
	int err = 0;

	vm = burn_nl_owned_vm(info, &err);
	if (!vm)
		return err;
	mutex_lock(&vm->lock);
	if (vm->dead || READ_ONCE(vm->state) != BURNVMM_VM_CREATED) {
		NL_SET_ERR_MSG(info->extack, "the VM has been started");
		err = -EBUSY;
	} else {
		burn_nl_get_regs(info, &vm->vcpu.boot);
	}
	mutex_unlock(&vm->lock);
	burn_vm_put(vm);
	return err;
}

static int burn_nl_vcpu_start(struct sk_buff *skb, struct genl_info *info)
{
	struct burn_vm *vm;
	int err = 0;

	vm = burn_nl_owned_vm(info, &err);
	if (!vm)
		return err;
	mutex_lock(&vm->lock);
	if (vm->dead || READ_ONCE(vm->state) != BURNVMM_VM_CREATED) {
		NL_SET_ERR_MSG(info->extack, "the VM has already been started");
		err = -EBUSY;
	} else {
		err = burn_vcpu_start(vm);
		if (err)
			NL_SET_ERR_MSG(info->extack, "cannot start the VCPU");
	}
	mutex_unlock(&vm->lock);
	burn_vm_put(vm);
	return err;
}

static int burn_nl_vcpu_stop(struct sk_buff *skb, struct genl_info *info)
{
	struct burn_vm *vm;
	int err = 0;

	vm = burn_nl_owned_vm(info, &err);
	if (!vm)
		return err;
	mutex_lock(&vm->lock);
	if (!vm->dead && READ_ONCE(vm->state) == BURNVMM_VM_RUNNING)
		burn_vcpu_request_stop(vm);
	mutex_unlock(&vm->lock);
	burn_vm_put(vm);
	return 0;
}

/*
 * VM_STATS: every counter, in a nest, as u64 attributes numbered from 1
 * (attribute type 0 cannot be used).  Like VM_INFO, open to anybody who
 * can see the VM: counters say how a guest behaves, not what it holds.
 */
static int burn_nl_put_stats(struct sk_buff *msg, struct burn_vm *vm)
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(msg, BURNVMM_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < BURNVMM_STAT_COUNT; i++) {
		if (nla_put_u64_64bit(msg, i + 1,
				      burn_stat_read(&vm->vcpu.stats, i), 0)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* VM_STATS's reply: the VM's id and its counters. */
static int burn_nl_fill_stats(struct sk_buff *msg, struct burn_vm *vm)
{
	return nla_put_u32(msg, BURNVMM_A_VM_ID, vm->id) ?:
	       burn_nl_put_stats(msg, vm);
}

static int burn_nl_vm_stats(struct sk_buff *skb, struct genl_info *info)
{
	return burn_nl_reply_about_vm(info, BURNVMM_CMD_VM_STATS,
				      nla_total_size(sizeof(u32)) +
				      nla_total_size(BURNVMM_STAT_COUNT *
						     nla_total_size_64bit(sizeof(u64))),
				      burn_nl_fill_stats);
}

/*
 * VM_EVENT's shape: exactly one of EVENT_BIT (whose range the policy
 * checked) and DATA, and DATA within the console input limit, which is
 * lower than the policy's (that one is VM_MEM_WRITE's).
 */
static int burn_nl_event_args_ok(struct genl_info *info)
{
	struct nlattr *bit = info->attrs[BURNVMM_A_EVENT_BIT];
	struct nlattr *data = info->attrs[BURNVMM_A_DATA];

	if (!bit == !data) {
		NL_SET_ERR_MSG(info->extack,
			       "give exactly one of EVENT_BIT and DATA");
		return -EINVAL;
	}
	if (data && !nla_len(data)) {
		NL_SET_ERR_MSG_ATTR(info->extack, data, "console input is empty");
		return -EINVAL;
	}
	if (data && nla_len(data) > BURNVMM_CONSOLE_INPUT_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, data,
				    "console input exceeds 1024 bytes per message");
		return -E2BIG;
	}
	return 0;
}

/* VM_EVENT with DATA: queue it, and tell the sender how much was taken. */
static int burn_nl_console_input(struct genl_info *info, struct burn_vm *vm)
{
	struct nlattr *data = info->attrs[BURNVMM_A_DATA];
	struct sk_buff *msg;
	void *hdr;
	int taken;

	msg = genlmsg_new(2 * nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	taken = burn_vcpu_console_input(vm, nla_data(data), nla_len(data));
	if (taken < 0) {
		nlmsg_free(msg);
		if (taken == -EAGAIN)
			NL_SET_ERR_MSG(info->extack,
				       "the VM's console input buffer is full; retry later");
		return taken;
	}
	hdr = genlmsg_put_reply(msg, info, &burn_genl_family, 0,
				BURNVMM_CMD_VM_EVENT);
	if (!hdr || nla_put_u32(msg, BURNVMM_A_VM_ID, vm->id) ||
	    nla_put_u32(msg, BURNVMM_A_INPUT_TAKEN, taken)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * VM_EVENT: an interrupt bit or console input for the guest, in any
 * state but ended (before VCPU_START it waits for the guest).  Changes
 * what the guest sees, so it is for the VM's owner, like VCPU_STOP.
 * vm->lock is not held: events.c takes it itself to kick the thread.
 */
static int burn_nl_vm_event(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *bit = info->attrs[BURNVMM_A_EVENT_BIT];
	struct burn_vm *vm;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, BURNVMM_A_VM_ID))
		return -EINVAL;
	err = burn_nl_event_args_ok(info);
	if (err)
		return err;
	vm = burn_nl_owned_vm(info, &err);
	if (!vm)
		return err;
	if (burn_vm_has_ended(vm)) {
		NL_SET_ERR_MSG(info->extack,
			       "the VM has ended: it takes no more events");
		err = -ESRCH;
	} else if (bit) {
		err = burn_vcpu_raise_event(vm, nla_get_u32(bit));
	} else {
		err = burn_nl_console_input(info, vm);
	}
	burn_vm_put(vm);
	return err;
}

/*
 * BLOCK_COMPLETE: only the owner's own socket may answer a block request
 * (it is the one that received it), with a status and, for a read, the
 * bytes; block.c copies them to the buffer the guest named.
 */
static int burn_nl_block_complete(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *data = info->attrs[BURNVMM_A_DATA];
	struct burn_vm *vm;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, BURNVMM_A_BLOCK_STATUS))
		return -EINVAL;
	vm = burn_nl_owned_vm(info, &err);
	if (!vm)
		return err;
	if (info->snd_portid != vm->owner_portid) {
		NL_SET_ERR_MSG(info->extack,
			       "only the VM's owning socket completes its block requests");
		err = -EPERM;
	} else {
		u32 status = nla_get_u32(info->attrs[BURNVMM_A_BLOCK_STATUS]);

		err = burn_block_complete(vm, status,
					  data ? nla_data(data) : NULL,
					  data ? nla_len(data) : 0);
		if (err == -ENOENT)
			NL_SET_ERR_MSG(info->extack,
				       "no block request is in flight");
		else if (err)
			NL_SET_ERR_MSG(info->extack,
				       "DATA must be exactly BLOCK_COUNT * 512 bytes, and only for a read that worked");
	}
	burn_vm_put(vm);
	return err;
}

static const struct genl_ops burn_nl_ops[] = {
	{
		.cmd = BURNVMM_CMD_GET_INFO,
		.doit = burn_nl_get_info,
	},
	{
		.cmd = BURNVMM_CMD_VM_CREATE,
		.doit = burn_nl_vm_create,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = BURNVMM_CMD_VM_DESTROY,
		.doit = burn_nl_vm_destroy,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = BURNVMM_CMD_VM_LIST,
		.dumpit = burn_nl_vm_list,
	},
	{
		.cmd = BURNVMM_CMD_VM_INFO,
		.doit = burn_nl_vm_info,
	},
	{
		.cmd = BURNVMM_CMD_VM_MEM_WRITE,
		.doit = burn_nl_mem_write,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = BURNVMM_CMD_VCPU_SET_REGS,
		.doit = burn_nl_set_regs,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = BURNVMM_CMD_VCPU_START,
		.doit = burn_nl_vcpu_start,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = BURNVMM_CMD_VCPU_STOP,
		.doit = burn_nl_vcpu_stop,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = BURNVMM_CMD_VM_STATS,
		.doit = burn_nl_vm_stats,
	},
	{
		.cmd = BURNVMM_CMD_VM_EVENT,
		.doit = burn_nl_vm_event,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = BURNVMM_CMD_BLOCK_COMPLETE,
		.doit = burn_nl_block_complete,
		.flags = GENL_ADMIN_PERM,
	},
};

static struct genl_family burn_genl_family = {
	.name = BURNVMM_GENL_NAME,
	.version = BURNVMM_GENL_VERSION,
	.maxattr = BURNVMM_A_MAX,
	.policy = burn_nl_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = burn_nl_ops,
	.n_ops = ARRAY_SIZE(burn_nl_ops),
};

/*
 * (iii) burn_netlink_vm_ended - tell @vm's owner that the VM is gone and
 * why.  Best effort: if the owner's receive buffer is full or the socket is
 * already closing, the event is lost, and the owner will find out on its
 * next request (-ENOENT).
 */
void burn_netlink_vm_ended(struct burn_vm *vm)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &burn_genl_family, 0,
			  BURNVMM_CMD_VM_ENDED);
	if (!hdr || nla_put_u32(msg, BURNVMM_A_VM_ID, vm->id) ||
	    nla_put_string(msg, BURNVMM_A_END_REASON, vm->end_reason) ||
	    nla_put_u32(msg, BURNVMM_A_END_KIND, vm->end_kind) ||
	    (vm->end_kind == BURNVMM_END_SHUTDOWN &&
	     nla_put_u32(msg, BURNVMM_A_EXIT_STATUS, vm->exit_status))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_unicast(vm->net, msg, vm->owner_portid);
}

/*
 * Put @len bytes of @vm's guest RAM at @where into @msg as its DATA
 * attribute, for the events that carry guest bytes to the owner (console
 * output, a block write).  -EMSGSIZE if @msg has no room, -EFAULT if the
 * range is not guest RAM.
 */
static int burn_nla_put_guest(struct sk_buff *msg, struct burn_vm *vm,
			      gpa_t where, u32 len)
{
	struct nlattr *data = nla_reserve(msg, BURNVMM_A_DATA, len);

	if (!data)
		return -EMSGSIZE;
	return burn_gpa_read(vm, where, nla_data(data), len) ? -EFAULT : 0;
}

/*
 * burn_netlink_console - send @len bytes of @vm's guest RAM at @where to
 * the owner as a CONSOLE event; the range was checked by the caller and
 * is checked again by the copy.  -EAGAIN when the owner's socket is full
 * (the caller may wait and retry), other errors when the owner is gone.
 */
int burn_netlink_console(struct burn_vm *vm, gpa_t where, u32 len)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(nla_total_size(sizeof(u32)) + nla_total_size(len),
			  GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &burn_genl_family, 0, BURNVMM_CMD_CONSOLE);
	if (!hdr || nla_put_u32(msg, BURNVMM_A_VM_ID, vm->id))
		goto too_big;
	err = burn_nla_put_guest(msg, vm, where, len);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_unicast(vm->net, msg, vm->owner_portid);

too_big:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/*
 * burn_netlink_block_request - tell the owner what the guest's block
 * request wants: a BLOCK_REQUEST event, with the bytes for a write read
 * from guest RAM (@buf was checked by the caller).  -EAGAIN when the
 * owner's socket is full, other errors when the owner is gone.
 */
int burn_netlink_block_request(struct burn_vm *vm, u32 op, u64 sector,
			       u32 count, gpa_t buf)
{
	u32 len = op == BURNVMM_BLOCK_WRITE ?
		  count * BURNVMM_BLOCK_SECTOR_SIZE : 0;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(3 * nla_total_size(sizeof(u32)) +
			  nla_total_size_64bit(sizeof(u64)) +
			  nla_total_size(len), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &burn_genl_family, 0,
			  BURNVMM_CMD_BLOCK_REQUEST);
	if (!hdr || nla_put_u32(msg, BURNVMM_A_VM_ID, vm->id) ||
	    nla_put_u32(msg, BURNVMM_A_BLOCK_OP, op) ||
	    nla_put_u64_64bit(msg, BURNVMM_A_BLOCK_SECTOR, sector,
			      BURNVMM_A_PAD) ||
	    nla_put_u32(msg, BURNVMM_A_BLOCK_COUNT, count))
		goto too_big;
	err = len ? burn_nla_put_guest(msg, vm, buf, len) : 0;
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_unicast(vm->net, msg, vm->owner_portid);

too_big:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/*
 * (iv) NETLINK_URELEASE is sent, in process context and before the
 * socket's namespace reference is dropped, whenever a bound netlink socket
 * is closed.  Only generic netlink sockets can own VMs.
 */
static int burn_nl_release_notify(struct notifier_block *nb,
				  unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !n->portid)
		return NOTIFY_DONE;
	burn_vm_release_port(n->net, n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block burn_nl_release_nb = {
	.notifier_call = burn_nl_release_notify,
};

int burn_netlink_init(void)
{
	int err;

	err = netlink_register_notifier(&burn_nl_release_nb);
	if (err)
		return err;
	err = genl_register_family(&burn_genl_family);
	if (err)
		goto unregister_notifier;
	return 0;

unregister_notifier:
	netlink_unregister_notifier(&burn_nl_release_nb);
	return err;
}

/*
 * Called after every VM has been ended.  Unregistering the family waits
 * for handlers that are running; a VM_CREATE among them fails with
 * -ESHUTDOWN because the registry is closed.
 */
void burn_netlink_fini(void)
{
	genl_unregister_family(&burn_genl_family);
	netlink_unregister_notifier(&burn_nl_release_nb);
}

#ifdef BURNVMM_WITH_KUNIT
#include "../tests/kunit/netlink_kunit.c"
#endif
