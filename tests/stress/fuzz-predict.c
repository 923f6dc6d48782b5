// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-predict.c - what the kernel must answer to each message nlfuzz
 * sends, and what each one may do to the VM registry.
 *
 * Contents:
 *  (i)   framing: which messages of a datagram netlink_rcv_skb() hands on
 *  (ii)  the genetlink core: header checks, command lookup, permission,
 *        do/dump selection
 *  (iii) strict attribute validation against the family's policy
 *  (iv)  the module's handlers, from the ABI (docs/abi.md), VM_STATS and
 *        VM_EVENT included
 *
 * The rules are those of Linux 6.1's net/netlink/ (af_netlink.c,
 * genetlink.c, lib/nlattr.c) and of the burnvmm ABI.  Where the model
 * cannot know (a command or attribute appended to the ABI after this was
 * written), the prediction is FZ_EXPECT_ANY and a success makes the caller
 * re-read the registry instead of guessing.
 */
#include <errno.h>
#include <string.h>
#include "fuzz.h"

/* Commands whose name says they would run a guest: never sent. */
static const int fz_excluded_cmds[] = {
#include "excluded_cmds.h"
	-1
};

bool fz_cmd_excluded(unsigned int cmd)
{
	size_t i;

	for (i = 0; fz_excluded_cmds[i] >= 0; i++)
		if ((unsigned int)fz_excluded_cmds[i] == cmd)
			return true;
	return false;
}

/*
 * Attributes only the module sends.  The ABI says meanings never change,
 * so these stay output-only and strict validation rejects them forever.
 */
static bool fz_attr_output_only(unsigned int type)
{
	switch (type) {
	case BURNVMM_A_OWNER_PORT:
	case BURNVMM_A_OWNER_UID:
	case BURNVMM_A_STATE:
	case BURNVMM_A_CREATED_NS:
	case BURNVMM_A_END_REASON:
	case BURNVMM_A_ABI_VERSION:
	case BURNVMM_A_MODULE_VERSION:
	case BURNVMM_A_MAX_MEM:
	case BURNVMM_A_MAX_VMS:
	case BURNVMM_A_NR_VMS:
	case BURNVMM_A_MEM_IN_USE:
	case BURNVMM_A_PAD:
	case BURNVMM_A_EXITS:
	case BURNVMM_A_HYPERCALLS:
	case BURNVMM_A_STATS:
	case BURNVMM_A_INPUT_TAKEN:
		return true;
	default:
		return false;
	}
}

const struct fz_vm *fz_world_find(const struct fz_world *w, uint32_t id)
{
	int i;

	for (i = 0; i < w->nvms; i++)
		if (w->vms[i].id == id)
			return &w->vms[i];
	return NULL;
}

/* The registry as earlier messages of the same datagram leave it. */
struct fz_batch {
	const struct fz_world *w;
	int family;
	int creates;		/* CREATEs predicted to succeed so far */
	int ndestroyed;
	uint32_t destroyed[FZ_PRED_MAX];
	bool dump_running;	/* a dump of this socket is still going */
};

static bool fz_batch_has(const struct fz_batch *b, uint32_t id)
{
	int i;

	for (i = 0; i < b->ndestroyed; i++)
		if (b->destroyed[i] == id)
			return false;
	return fz_world_find(b->w, id) != NULL;
}

static void fz_expect_err(struct fz_pred *p, int err, const char *why)
{
	p->expect = FZ_EXPECT_ERRNO;
	p->err = err;
	p->why = why;
	p->effect = FZ_EFFECT_NONE;
}

/* Attribute values the handlers look at: the last of each type wins. */
struct fz_attrs {
	bool has_id, has_mem, has_bit, has_data, unknown;
	uint32_t id;
	uint64_t mem;
	uint32_t data_len;
};

/*
 * (iii) Strict validation (__nla_validate_parse with NL_VALIDATE_STRICT):
 * well-formed stream, no type 0 or above maxtype, no attribute the policy
 * leaves unspecified, exact lengths, no NLA_F_NESTED on scalars, and the
 * policy's ranges.  Returns 0 or the errno of the first violation.
 */
static int fz_check_attr(const struct nlattr *nla, struct fz_attrs *a)
{
	unsigned int type = nla->nla_type & NLA_TYPE_MASK;
	int len = nla->nla_len - NLA_HDRLEN;
	bool nested = nla->nla_type & NLA_F_NESTED;

	if (type == 0 || type > BURNVMM_A_MAX || fz_attr_output_only(type))
		return -EINVAL;
	if (type == BURNVMM_A_VM_ID) {
		if (len != 4 || nested)
			return -EINVAL;
		a->id = nlr_get_u32(nla);
		a->has_id = true;
		return a->id ? 0 : -ERANGE;
	}
	if (type == BURNVMM_A_MEM_SIZE) {
		if (len != 8 || nested)
			return -EINVAL;
		a->mem = nlr_get_u64(nla);
		a->has_mem = true;
		return a->mem < BURNVMM_MEM_MIN || a->mem > BURNVMM_MEM_MAX ?
			-ERANGE : 0;
	}
	if (type == BURNVMM_A_EVENT_BIT) {
		if (len != 4 || nested)
			return -EINVAL;
		a->has_bit = true;
		return nlr_get_u32(nla) < BURNVMM_EVENT_BIT_MIN ||
		       nlr_get_u32(nla) > BURNVMM_EVENT_BIT_MAX ? -ERANGE : 0;
	}
	if (type == BURNVMM_A_DATA) {
		/* NLA_BINARY: any length up to VM_MEM_WRITE's limit. */
		if (nested)
			return -EINVAL;
		a->has_data = true;
		a->data_len = (uint32_t)len;
		return len > BURNVMM_MEM_WRITE_MAX ? -ERANGE : 0;
	}
	a->unknown = true;	/* appended to the ABI after this model */
	return 0;
}

static int fz_check_attrs(const struct nlmsghdr *nlh, struct fz_attrs *a)
{
	const uint8_t *p = (const uint8_t *)nlh + NLMSG_HDRLEN + GENL_HDRLEN;
	int rem = (int)nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	const struct nlattr *nla;
	int err;

	memset(a, 0, sizeof(*a));
	while (rem >= NLA_HDRLEN) {
		nla = (const struct nlattr *)p;
		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > rem)
			break;
		err = fz_check_attr(nla, a);
		if (err)
			return a->unknown ? 0 : err;
		rem -= NLA_ALIGN(nla->nla_len);
		p += NLA_ALIGN(nla->nla_len);
	}
	if (rem > 0 && !a->unknown)
		return -EINVAL;	/* "bytes leftover after parsing" */
	return 0;
}

/* (iv) The handlers, for a message that passed validation. */
static void fz_predict_create(struct fz_batch *b, const struct fz_attrs *a,
			      struct fz_pred *p)
{
	const struct fz_world *w = b->w;

	if (!a->has_mem)
		return fz_expect_err(p, -EINVAL, "CREATE without MEM_SIZE");
	if (a->mem % BURNVMM_MEM_ALIGN)
		return fz_expect_err(p, -EINVAL, "CREATE, unaligned size");
	if (a->mem > w->max_mem)
		return fz_expect_err(p, -E2BIG, "CREATE over max_mem");
	if (w->nr_vms >= w->max_vms)
		return fz_expect_err(p, -ENOSPC, "CREATE with max_vms VMs");
	/* Earlier CREATEs of this datagram may fail with -ENOMEM. */
	if (w->nr_vms + b->creates >= w->max_vms)
		p->err = -ENOSPC;
	p->expect = FZ_EXPECT_OK;
	p->effect = FZ_EFFECT_CREATE;
	p->mem = a->mem;
	p->why = "valid CREATE";
	b->creates++;
}

/* DESTROY and INFO name a VM; it may be one made earlier in the batch. */
static void fz_predict_named(struct fz_batch *b, const struct fz_attrs *a,
			     struct fz_pred *p)
{
	bool destroy = p->cmd == BURNVMM_CMD_VM_DESTROY;

	if (!a->has_id)
		return fz_expect_err(p, -EINVAL, "no VM_ID");
	p->id = a->id;
	if (fz_batch_has(b, a->id)) {
		p->expect = FZ_EXPECT_OK;
		p->why = "VM_ID of a live VM";
	} else if (b->creates) {
		p->expect = FZ_EXPECT_ANY;
		p->why = "VM_ID may name a VM created in this datagram";
	} else {
		return fz_expect_err(p, -ENOENT, "VM_ID of no VM");
	}
	if (destroy) {
		p->effect = FZ_EFFECT_DESTROY;
		if (b->ndestroyed < FZ_PRED_MAX)
			b->destroyed[b->ndestroyed++] = a->id;
	}
}

/*
 * VM_EVENT, in the handler's order: VM_ID, then exactly one of EVENT_BIT
 * and DATA, DATA's size, then the VM (owned: the fuzzer's VMs are all
 * its own uid's).  They never run, so none has ended.  Console input may
 * find the VM's buffer full after earlier messages.
 */
static void fz_predict_event(struct fz_batch *b, const struct fz_attrs *a,
			     struct fz_pred *p)
{
	if (!a->has_id)
		return fz_expect_err(p, -EINVAL, "EVENT without VM_ID");
	if (a->has_bit == a->has_data)
		return fz_expect_err(p, -EINVAL, "EVENT, not one of BIT and DATA");
	if (a->has_data && !a->data_len)
		return fz_expect_err(p, -EINVAL, "EVENT, empty DATA");
	if (a->has_data && a->data_len > BURNVMM_CONSOLE_INPUT_MAX)
		return fz_expect_err(p, -E2BIG, "EVENT, DATA over 1024 bytes");
	fz_predict_named(b, a, p);
	if (p->expect == FZ_EXPECT_OK && a->has_data)
		p->err = -EAGAIN;	/* also allowed: the buffer is full */
}

static void fz_predict_dump(struct fz_batch *b, struct fz_pred *p)
{
	p->expect = FZ_EXPECT_OK;
	p->why = "VM_LIST dump";
	/* A dump with VMs to report ends only when the reader asks again. */
	b->dump_running = b->w->nvms > 0;
}

/* Is @cmd one this model knows, and is it a dump (else a doit)? */
static bool fz_known_cmd(unsigned int cmd, bool *dumpit)
{
	*dumpit = cmd == BURNVMM_CMD_VM_LIST;
	return cmd == BURNVMM_CMD_GET_INFO || cmd == BURNVMM_CMD_VM_CREATE ||
	       cmd == BURNVMM_CMD_VM_DESTROY || cmd == BURNVMM_CMD_VM_INFO ||
	       cmd == BURNVMM_CMD_VM_LIST || cmd == BURNVMM_CMD_VM_STATS ||
	       cmd == BURNVMM_CMD_VM_EVENT;
}

/* (ii) From genl_family_rcv_msg() on, for a message of our family. */
static void fz_predict_genl(struct fz_batch *b, const struct nlmsghdr *nlh,
			    struct fz_pred *p)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	bool dump = (p->flags & NLM_F_DUMP) == NLM_F_DUMP, dumpit;
	uint16_t extra = p->flags & ~(dump ? NLM_F_DUMP : 0);
	struct fz_attrs a;
	int err;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return fz_expect_err(p, -EINVAL, "shorter than a genl header");
	if (g->reserved)
		return fz_expect_err(p, -EINVAL, "genl reserved field set");
	if (extra & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO))
		return fz_expect_err(p, -EINVAL, "reserved nlmsg_flags");
	if (p->cmd == 0 || p->cmd == BURNVMM_CMD_VM_ENDED ||
	    p->cmd > BURNVMM_CMD_MAX)
		return fz_expect_err(p, -EOPNOTSUPP, "no such command");
	if (!fz_known_cmd(p->cmd, &dumpit)) {
		p->expect = FZ_EXPECT_ANY;
		p->effect = FZ_EFFECT_UNKNOWN;
		p->why = "command newer than this model";
		return;
	}
	if (!b->w->admin && (p->cmd == BURNVMM_CMD_VM_CREATE ||
			     p->cmd == BURNVMM_CMD_VM_DESTROY ||
			     p->cmd == BURNVMM_CMD_VM_EVENT))
		return fz_expect_err(p, -EPERM, "admin command, no CAP_NET_ADMIN");
	if (dump != dumpit)
		return fz_expect_err(p, -EOPNOTSUPP, "do/dump mismatch");
	/* __netlink_dump_start() refuses a second dump before validating. */
	if (dump && b->dump_running)
		return fz_expect_err(p, -EBUSY, "second dump in one datagram");
	err = fz_check_attrs(nlh, &a);
	if (err)
		return fz_expect_err(p, err, "strict attribute validation");
	if (a.unknown) {
		p->expect = FZ_EXPECT_ANY;
		p->effect = FZ_EFFECT_UNKNOWN;
		p->why = "attribute newer than this model";
		return;
	}
	if (dump)
		return fz_predict_dump(b, p);
	if (p->cmd == BURNVMM_CMD_VM_CREATE)
		return fz_predict_create(b, &a, p);
	if (p->cmd == BURNVMM_CMD_VM_EVENT)
		return fz_predict_event(b, &a, p);
	if (p->cmd != BURNVMM_CMD_GET_INFO)
		return fz_predict_named(b, &a, p);
	p->expect = FZ_EXPECT_OK;
	p->why = "GET_INFO";
}

/* Does a processed message owe its sender an answer? */
static bool fz_needs_answer(const struct fz_pred *p)
{
	if (p->flags & NLM_F_ACK)
		return true;
	if (!p->reaches_genl)
		return false;
	if (p->expect == FZ_EXPECT_ERRNO)
		return true;
	if (p->expect == FZ_EXPECT_ANY)
		return false;
	/*
	 * Dumps end with DONE; these commands reply with a message (VM_EVENT
	 * only for DATA, so its success owes nothing without NLM_F_ACK).
	 */
	return (p->flags & NLM_F_DUMP) == NLM_F_DUMP ||
	       p->cmd == BURNVMM_CMD_GET_INFO ||
	       p->cmd == BURNVMM_CMD_VM_CREATE || p->cmd == BURNVMM_CMD_VM_INFO ||
	       p->cmd == BURNVMM_CMD_VM_STATS;
}

static void fz_predict_msg(struct fz_batch *b, const struct nlmsghdr *nlh,
			   struct fz_pred *p)
{
	memset(p, 0, sizeof(*p));
	p->seq = nlh->nlmsg_seq;
	p->flags = nlh->nlmsg_flags;
	if (nlh->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN)
		p->cmd = ((const struct genlmsghdr *)NLMSG_DATA(nlh))->cmd;
	p->expect = FZ_EXPECT_OK;
	if (!(p->flags & NLM_F_REQUEST)) {
		p->why = "not a request: ignored";
	} else if (nlh->nlmsg_type < NLMSG_MIN_TYPE) {
		p->why = "control message type: skipped";
	} else if (nlh->nlmsg_type != b->family) {
		p->expect = FZ_EXPECT_ANY;
		p->why = "another family";
	} else {
		p->reaches_genl = true;
		fz_predict_genl(b, nlh, p);
	}
	p->need_answer = fz_needs_answer(p);
}

/*
 * (i) netlink_rcv_skb(): messages are taken while at least a header is
 * left; a length below a header or beyond the datagram ends the walk
 * silently, and each message is followed by its alignment padding.
 */
void fz_predict(const struct fz_world *w, int family, struct fz_dgram *d)
{
	struct fz_batch b = { .w = w, .family = family };
	size_t off = 0, msglen;
	const struct nlmsghdr *nlh;

	d->npred = 0;
	d->overflow = false;
	while (d->len - off >= NLMSG_HDRLEN) {
		nlh = (const struct nlmsghdr *)(d->buf + off);
		if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len > d->len - off)
			break;
		if (d->npred == FZ_PRED_MAX) {
			d->overflow = true;
			break;
		}
		fz_predict_msg(&b, nlh, &d->pred[d->npred++]);
		msglen = NLMSG_ALIGN(nlh->nlmsg_len);
		off += msglen < d->len - off ? msglen : d->len - off;
	}
}
