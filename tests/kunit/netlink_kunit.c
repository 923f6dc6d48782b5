// SPDX-License-Identifier: GPL-2.0
/*
 * netlink_kunit.c - KUnit suite "burnvmm_netlink": the attribute policy
 * and the VM attribute encoding.
 *
 * #included at the end of kmod/netlink.c to reach its statics.  Requests
 * are built as raw attribute streams and run through nla_parse() with the
 * family's policy, exactly the strict validation the genetlink core does
 * before a handler is called.
 */
#include <kunit/test.h>

enum burn_nl_put {
	BURN_PUT_U32,
	BURN_PUT_U64,
	BURN_PUT_STR,
};

struct burn_policy_case {
	const char *name;
	int attr;
	enum burn_nl_put how;
	u64 val;
	bool valid;
};

static const struct burn_policy_case burn_policy_cases[] = {
	{ "mem-size-ok", BURNVMM_A_MEM_SIZE, BURN_PUT_U64, 64 << 20, true },
	{ "mem-size-min", BURNVMM_A_MEM_SIZE, BURN_PUT_U64, BURNVMM_MEM_MIN,
	  true },
	{ "mem-size-below-min", BURNVMM_A_MEM_SIZE, BURN_PUT_U64, 1 << 20,
	  false },
	{ "mem-size-above-abi-max", BURNVMM_A_MEM_SIZE, BURN_PUT_U64,
	  BURNVMM_MEM_MAX + 4096, false },
	{ "mem-size-as-u32", BURNVMM_A_MEM_SIZE, BURN_PUT_U32, 64 << 20,
	  false },
	{ "mem-size-as-string", BURNVMM_A_MEM_SIZE, BURN_PUT_STR, 0, false },
	{ "vm-id-ok", BURNVMM_A_VM_ID, BURN_PUT_U32, 7, true },
	{ "vm-id-zero", BURNVMM_A_VM_ID, BURN_PUT_U32, 0, false },
	{ "vm-id-as-u64", BURNVMM_A_VM_ID, BURN_PUT_U64, 7, false },
	{ "output-only-owner", BURNVMM_A_OWNER_PORT, BURN_PUT_U32, 1, false },
	{ "output-only-state", BURNVMM_A_STATE, BURN_PUT_U32, 0, false },
	{ "event-bit-first", BURNVMM_A_EVENT_BIT, BURN_PUT_U32, 8, true },
	{ "event-bit-last", BURNVMM_A_EVENT_BIT, BURN_PUT_U32, 31, true },
	{ "event-bit-host", BURNVMM_A_EVENT_BIT, BURN_PUT_U32, 7, false },
	{ "event-bit-32", BURNVMM_A_EVENT_BIT, BURN_PUT_U32, 32, false },
	{ "event-bit-as-u64", BURNVMM_A_EVENT_BIT, BURN_PUT_U64, 8, false },
	{ "output-only-stats", BURNVMM_A_STATS, BURN_PUT_U32, 0, false },
	{ "output-only-taken", BURNVMM_A_INPUT_TAKEN, BURN_PUT_U32, 1, false },
	{ "unspec-attr", BURNVMM_A_UNSPEC, BURN_PUT_U32, 0, false },
	{ "unknown-attr", BURNVMM_A_MAX + 1, BURN_PUT_U32, 0, false },
};

static void burn_policy_desc(const struct burn_policy_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(burn_policy, burn_policy_cases, burn_policy_desc);

static int burn_test_put(struct sk_buff *skb, const struct burn_policy_case *c)
{
	switch (c->how) {
	case BURN_PUT_U32:
		return nla_put_u32(skb, c->attr, c->val);
	case BURN_PUT_U64:
		return nla_put_u64_64bit(skb, c->attr, c->val, BURNVMM_A_PAD);
	case BURN_PUT_STR:
		return nla_put_string(skb, c->attr, "64M");
	}
	return -EINVAL;
}

static void burn_nl_policy_test(struct kunit *test)
{
	const struct burn_policy_case *c = test->param_value;
	struct nlattr *tb[BURNVMM_A_MAX + 1];
	struct netlink_ext_ack extack = {};
	struct sk_buff *skb;
	int err;

	skb = alloc_skb(256, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, burn_test_put(skb, c), 0);
	err = nla_parse(tb, BURNVMM_A_MAX, (struct nlattr *)skb->data,
			skb->len, burn_nl_policy, &extack);
	if (c->valid) {
		KUNIT_EXPECT_EQ(test, err, 0);
		KUNIT_EXPECT_NOT_NULL(test, tb[c->attr]);
	} else {
		KUNIT_EXPECT_LT(test, err, 0);
		/* Every rejection tells the user why or where. */
		KUNIT_EXPECT_TRUE(test, extack._msg || extack.bad_attr);
	}
	kfree_skb(skb);
}

/* The VM attributes a reply carries parse back to what was encoded. */
static void burn_nl_fill_vm_test(struct kunit *test)
{
	struct nlattr *tb[BURNVMM_A_MAX + 1];
	/* struct burn_vm is too big for a kernel stack frame. */
	struct burn_vm *vm = kunit_kzalloc(test, sizeof(*vm), GFP_KERNEL);
	struct sk_buff *skb;

	KUNIT_ASSERT_NOT_NULL(test, vm);
	vm->id = 17;
	vm->owner_portid = 0x1234;
	vm->owner_uid = current_euid();
	vm->mem_size = 96 << 20;
	vm->created_ns = 123456789ULL;
	vm->state = BURNVMM_VM_RUNNING;
	skb = alloc_skb(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, burn_nl_fill_vm(skb, vm), 0);
	/* Output attributes are parsed without the request policy. */
	KUNIT_ASSERT_EQ(test, nla_parse(tb, BURNVMM_A_MAX,
					(struct nlattr *)skb->data, skb->len,
					NULL, NULL), 0);
	KUNIT_ASSERT_NOT_NULL(test, tb[BURNVMM_A_VM_ID]);
	KUNIT_ASSERT_NOT_NULL(test, tb[BURNVMM_A_MEM_SIZE]);
	KUNIT_ASSERT_NOT_NULL(test, tb[BURNVMM_A_OWNER_PORT]);
	KUNIT_ASSERT_NOT_NULL(test, tb[BURNVMM_A_STATE]);
	KUNIT_ASSERT_NOT_NULL(test, tb[BURNVMM_A_CREATED_NS]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[BURNVMM_A_VM_ID]), 17U);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[BURNVMM_A_MEM_SIZE]),
			96ULL << 20);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[BURNVMM_A_OWNER_PORT]), 0x1234U);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[BURNVMM_A_STATE]),
			(u32)BURNVMM_VM_RUNNING);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[BURNVMM_A_CREATED_NS]),
			123456789ULL);
	kfree_skb(skb);
}

/* A message too small for the attributes fails cleanly, never overflows. */
static void burn_nl_fill_vm_full_test(struct kunit *test)
{
	struct burn_vm *vm = kunit_kzalloc(test, sizeof(*vm), GFP_KERNEL);
	struct sk_buff *skb;

	KUNIT_ASSERT_NOT_NULL(test, vm);
	vm->id = 1;
	vm->mem_size = BURNVMM_MEM_MIN;
	skb = alloc_skb(16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	/* alloc_skb may round up; take what it gave and fill it. */
	skb_put(skb, skb_tailroom(skb) - 8);
	KUNIT_EXPECT_EQ(test, burn_nl_fill_vm(skb, vm), -EMSGSIZE);
	kfree_skb(skb);
}

static struct kunit_case burn_nl_cases[] = {
	KUNIT_CASE_PARAM(burn_nl_policy_test, burn_policy_gen_params),
	KUNIT_CASE(burn_nl_fill_vm_test),
	KUNIT_CASE(burn_nl_fill_vm_full_test),
	{}
};

static struct kunit_suite burn_nl_suite = {
	.name = "burnvmm_netlink",
	.test_cases = burn_nl_cases,
};

kunit_test_suite(burn_nl_suite);
