// SPDX-License-Identifier: GPL-2.0
/*
 * vm_kunit.c - KUnit suite "burnvmm_vm": the VM registry's limits,
 * ownership rules, owner-release and fault unwinding.
 *
 * #included at the end of kmod/vm.c (when the target kernel has KUnit) so
 * it can reach the registry's statics.  The suite runs at insmod, against
 * the live registry, before any user can have created a VM; every case
 * leaves the registry as it found it and checks so.
 */
#include <kunit/test.h>
#include <linux/delay.h>

struct burn_mem_case {
	const char *name;
	u64 size;
	u64 limit;
	int err;
};

static const struct burn_mem_case burn_mem_cases[] = {
	{ "zero", 0, 64 << 20, -EINVAL },
	{ "below-minimum", BURNVMM_MEM_MIN - 4096, 64 << 20, -EINVAL },
	{ "minimum", BURNVMM_MEM_MIN, 64 << 20, 0 },
	{ "unaligned", BURNVMM_MEM_MIN + 1, 64 << 20, -EINVAL },
	{ "half-page", BURNVMM_MEM_MIN + 2048, 64 << 20, -EINVAL },
	{ "at-limit", 64 << 20, 64 << 20, 0 },
	{ "over-limit", (64 << 20) + 4096, 64 << 20, -E2BIG },
	{ "huge", ~0ULL & ~4095ULL, 64 << 20, -E2BIG },
};

static void burn_mem_case_desc(const struct burn_mem_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(burn_mem, burn_mem_cases, burn_mem_case_desc);

static void burn_vm_mem_size_test(struct kunit *test)
{
	const struct burn_mem_case *c = test->param_value;
	const char *why = NULL;

	KUNIT_EXPECT_EQ(test, burn_vm_check_mem_size(c->size, c->limit, &why),
			c->err);
	if (c->err)
		KUNIT_EXPECT_NOT_ERR_OR_NULL(test, why);
}

static struct burn_requester burn_test_who(u32 portid)
{
	return (struct burn_requester){
		.net = &init_net,
		.portid = portid,
		.euid = current_euid(),
		.sys_admin = false,
	};
}

/* Every case must leave the module-wide counters where it found them. */
struct burn_vm_test_ctx {
	u32 nr_vms;
	u64 mem;
	unsigned int max_vms;
};

static int burn_vm_test_init(struct kunit *test)
{
	struct burn_vm_test_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx),
						     GFP_KERNEL);

	if (!ctx)
		return -ENOMEM;
	ctx->nr_vms = burn_vm_count();
	ctx->mem = burn_vm_mem_in_use();
	ctx->max_vms = burn_max_vms;
	test->priv = ctx;
	return 0;
}

static void burn_vm_test_exit(struct kunit *test)
{
	struct burn_vm_test_ctx *ctx = test->priv;

	burn_fault_mask = 0;
	burn_max_vms = ctx->max_vms;
	KUNIT_EXPECT_EQ(test, burn_vm_count(), ctx->nr_vms);
	KUNIT_EXPECT_EQ(test, burn_vm_mem_in_use(), ctx->mem);
}

static void burn_vm_create_destroy_test(struct kunit *test)
{
	struct burn_requester who = burn_test_who(0x7fff0001);
	struct burn_vm_test_ctx *ctx = test->priv;
	const char *why = NULL;
	struct burn_vm *vm, *found;
	u32 id;

	vm = burn_vm_create(&who, BURNVMM_MEM_MIN, &why);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vm);
	id = vm->id;
	KUNIT_EXPECT_GE(test, id, 1U);
	KUNIT_EXPECT_EQ(test, vm->state, BURNVMM_VM_CREATED);
	KUNIT_EXPECT_EQ(test, burn_vm_count(), ctx->nr_vms + 1);
	KUNIT_EXPECT_EQ(test, burn_vm_mem_in_use(), ctx->mem + BURNVMM_MEM_MIN);
	/* Guest RAM starts zeroed: no host data may leak into a guest. */
	KUNIT_EXPECT_EQ(test, ((u8 *)vm->mem)[BURNVMM_MEM_MIN - 1], 0);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(vm->mem, 0, PAGE_SIZE));

	found = burn_vm_get(&init_net, id);
	KUNIT_EXPECT_PTR_EQ(test, found, vm);
	if (found)
		burn_vm_put(found);
	burn_vm_put(vm);

	KUNIT_EXPECT_EQ(test, burn_vm_destroy(&who, id), 0);
	KUNIT_EXPECT_NULL(test, burn_vm_get(&init_net, id));
	KUNIT_EXPECT_EQ(test, burn_vm_destroy(&who, id), -ENOENT);
}

static void burn_vm_ownership_test(struct kunit *test)
{
	struct burn_requester who = burn_test_who(0x7fff0002);
	struct burn_requester other = who;
	const char *why = NULL;
	struct burn_vm *vm;
	u32 id;

	vm = burn_vm_create(&who, BURNVMM_MEM_MIN, &why);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vm);
	id = vm->id;
	burn_vm_put(vm);

	/* Another uid without CAP_SYS_ADMIN may not destroy it... */
	other.euid = KUIDT_INIT(__kuid_val(who.euid) + 4242);
	KUNIT_EXPECT_EQ(test, burn_vm_destroy(&other, id), -EPERM);
	/*
	 * ...a namespace that is not the VM's cannot even see it (without
	 * CONFIG_NET_NS there is only one namespace and net_eq() is always
	 * true)...
	 */
	if (IS_ENABLED(CONFIG_NET_NS)) {
		other = who;
		other.net = (struct net *)&other; /* compared, not dereferenced */
		KUNIT_EXPECT_EQ(test, burn_vm_destroy(&other, id), -ENOENT);
		KUNIT_EXPECT_NULL(test, burn_vm_get(other.net, id));
	}
	/* ...and a sysadmin of another uid may. */
	other = who;
	other.euid = KUIDT_INIT(__kuid_val(who.euid) + 4242);
	other.sys_admin = true;
	KUNIT_EXPECT_EQ(test, burn_vm_destroy(&other, id), 0);
}

static void burn_vm_release_port_test(struct kunit *test)
{
	struct burn_requester a = burn_test_who(0x7fff0003);
	struct burn_requester b = burn_test_who(0x7fff0004);
	struct burn_vm_test_ctx *ctx = test->priv;
	const char *why = NULL;
	struct burn_vm *vm;
	u32 kept;
	int i;

	for (i = 0; i < 3; i++) {
		vm = burn_vm_create(&a, BURNVMM_MEM_MIN, &why);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vm);
		burn_vm_put(vm);
	}
	vm = burn_vm_create(&b, BURNVMM_MEM_MIN, &why);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vm);
	kept = vm->id;
	burn_vm_put(vm);
	KUNIT_EXPECT_EQ(test, burn_vm_count(), ctx->nr_vms + 4);

	/* Closing a's socket takes a's three VMs and leaves b's. */
	burn_vm_release_port(&init_net, a.portid);
	KUNIT_EXPECT_EQ(test, burn_vm_count(), ctx->nr_vms + 1);
	vm = burn_vm_get(&init_net, kept);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, vm);
	if (vm)
		burn_vm_put(vm);
	burn_vm_release_port(&init_net, b.portid);
	KUNIT_EXPECT_NULL(test, burn_vm_get(&init_net, kept));
}

static void burn_vm_max_vms_test(struct kunit *test)
{
	struct burn_requester who = burn_test_who(0x7fff0005);
	struct burn_vm_test_ctx *ctx = test->priv;
	const char *why = NULL;
	struct burn_vm *vm;
	int i;

	burn_max_vms = ctx->nr_vms + 2;
	for (i = 0; i < 2; i++) {
		vm = burn_vm_create(&who, BURNVMM_MEM_MIN, &why);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vm);
		burn_vm_put(vm);
	}
	vm = burn_vm_create(&who, BURNVMM_MEM_MIN, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vm), -ENOSPC);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, why);
	burn_vm_release_port(&init_net, who.portid);
}

/* Each allocation site fails once; nothing may be left behind. */
static const enum burn_fault_site burn_fault_sites[] = {
	BURN_FAULT_VM_STRUCT, BURN_FAULT_VM_ID, BURN_FAULT_VM_MEM,
};

static void burn_fault_desc(const enum burn_fault_site *site, char *desc)
{
	static const char *const names[] = {
		[BURN_FAULT_VM_STRUCT] = "vm-struct",
		[BURN_FAULT_VM_ID] = "vm-id",
		[BURN_FAULT_VM_MEM] = "vm-mem",
	};

	strscpy(desc, names[*site], KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(burn_fault, burn_fault_sites, burn_fault_desc);

static void burn_vm_fault_unwind_test(struct kunit *test)
{
	const enum burn_fault_site *site = test->param_value;
	struct burn_requester who = burn_test_who(0x7fff0006);
	const char *why = NULL;
	struct burn_vm *vm;

	burn_fault_mask = BIT(*site);
	vm = burn_vm_create(&who, BURNVMM_MEM_MIN, &why);
	burn_fault_mask = 0;
	KUNIT_EXPECT_TRUE(test, IS_ERR(vm));
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, why);
	if (!IS_ERR(vm))
		burn_vm_put(vm);
	/* burn_vm_test_exit() checks the counters are back. */
}

static void burn_vm_end_reason_sticky_test(struct kunit *test)
{
	struct burn_requester who = burn_test_who(0x7fff0007);
	struct burn_vm_end end = { .kind = BURNVMM_END_NONE };
	const char *why = NULL;
	struct burn_vm *vm;

	vm = burn_vm_create(&who, BURNVMM_MEM_MIN, &why);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vm);
	/* Not ended: burn_vm_get_end() says so and leaves @end alone. */
	KUNIT_EXPECT_FALSE(test, burn_vm_get_end(vm, &end));
	KUNIT_EXPECT_EQ(test, end.kind, BURNVMM_END_NONE);
	KUNIT_EXPECT_TRUE(test, burn_vm_set_end_reason(vm, BURNVMM_END_SHUTDOWN,
						       7, "first"));
	KUNIT_EXPECT_FALSE(test, burn_vm_set_end_reason(vm,
							BURNVMM_END_GUEST_FAULT,
							9, "second"));
	KUNIT_EXPECT_STREQ(test, vm->end_reason, "first");
	KUNIT_EXPECT_EQ(test, vm->end_kind, BURNVMM_END_SHUTDOWN);
	KUNIT_EXPECT_EQ(test, vm->exit_status, 7U);
	KUNIT_EXPECT_TRUE(test, burn_vm_has_ended(vm));
	KUNIT_EXPECT_EQ(test, vm->state, BURNVMM_VM_STOPPED);
	/* What VM_INFO gives the owner: the first end, whole. */
	KUNIT_EXPECT_TRUE(test, burn_vm_get_end(vm, &end));
	KUNIT_EXPECT_EQ(test, end.kind, BURNVMM_END_SHUTDOWN);
	KUNIT_EXPECT_EQ(test, end.status, 7U);
	KUNIT_EXPECT_STREQ(test, end.reason, "first");
	burn_vm_put(vm);
	burn_vm_release_port(&init_net, who.portid);
}

/*
 * VCPU_START's allocation sites fail one at a time: the VM must stay
 * CREATED with nothing set up, and start for real afterwards.
 */
static const enum burn_fault_site burn_start_fault_sites[] = {
	BURN_FAULT_SWITCH, BURN_FAULT_SHADOW, BURN_FAULT_THREAD,
};

static void burn_start_fault_desc(const enum burn_fault_site *site,
				  char *desc)
{
	static const char *const names[] = {
		[BURN_FAULT_SWITCH] = "switch-area",
		[BURN_FAULT_SHADOW] = "shadow-root",
		[BURN_FAULT_THREAD] = "vm-thread",
	};

	strscpy(desc, names[*site], KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(burn_start_fault, burn_start_fault_sites,
		  burn_start_fault_desc);

/*
 * A guest of three instructions at 0x1000:
 *	mov $BURN_HC_SHUTDOWN, %eax; mov $7, %ebx; int $0x82
 */
static const u8 burn_test_guest[] = {
	0xb8, BURN_HC_SHUTDOWN, 0, 0, 0, 0xbb, 7, 0, 0, 0, 0xcd, BURN_HC_VECTOR,
};

static struct burn_vm *burn_test_guest_vm(struct kunit *test, u32 portid)
{
	struct burn_requester who = burn_test_who(portid);
	const char *why = NULL;
	struct burn_vm *vm;

	vm = burn_vm_create(&who, BURNVMM_MEM_MIN, &why);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vm);
	KUNIT_EXPECT_EQ(test, burn_gpa_write(vm, gpa(0x1000), burn_test_guest,
					     sizeof(burn_test_guest)), 0);
	vm->vcpu.boot.eip = 0x1000;
	return vm;
}

static void burn_vcpu_start_fault_test(struct kunit *test)
{
	const enum burn_fault_site *site = test->param_value;
	struct burn_vm *vm = burn_test_guest_vm(test, 0x7fff0009);
	int err;

	mutex_lock(&vm->lock);
	burn_fault_mask = BIT(*site);
	err = burn_vcpu_start(vm);
	burn_fault_mask = 0;
	mutex_unlock(&vm->lock);
	KUNIT_EXPECT_EQ(test, err, -ENOMEM);
	KUNIT_EXPECT_EQ(test, vm->state, BURNVMM_VM_CREATED);
	KUNIT_EXPECT_NULL(test, vm->vcpu.sw);
	KUNIT_EXPECT_NULL(test, vm->vcpu.shadow.roots[0].top);
	KUNIT_EXPECT_NULL(test, vm->vcpu.task);
	burn_vm_put(vm);
	burn_vm_release_port(&init_net, 0x7fff0009);
}

/*
 * The whole path once, at insmod: world switch, shadow fill of the
 * guest's page, hypercall, shutdown status, thread stop, free.
 */
static void burn_vm_run_guest_test(struct kunit *test)
{
	struct burn_vm *vm = burn_test_guest_vm(test, 0x7fff000a);
	int err, i;

	mutex_lock(&vm->lock);
	err = burn_vcpu_start(vm);
	mutex_unlock(&vm->lock);
	KUNIT_ASSERT_EQ(test, err, 0);
	for (i = 0; i < 500 && !burn_vm_has_ended(vm); i++)
		msleep(20);
	KUNIT_EXPECT_TRUE(test, burn_vm_has_ended(vm));
	KUNIT_EXPECT_EQ(test, vm->end_kind, BURNVMM_END_SHUTDOWN);
	KUNIT_EXPECT_EQ(test, vm->exit_status, 7U);
	KUNIT_EXPECT_EQ(test, burn_stat_read(&vm->vcpu.stats,
					     BURNVMM_STAT_EXITS_HYPERCALL), 1ULL);
	/* #PF, then 0x82 */
	KUNIT_EXPECT_GE(test, burn_stat_read(&vm->vcpu.stats,
					     BURNVMM_STAT_EXITS), 2ULL);
	burn_vm_put(vm);
	burn_vm_release_port(&init_net, 0x7fff000a);
}

static void burn_vm_dump_iter_test(struct kunit *test)
{
	struct burn_requester who = burn_test_who(0x7fff0008);
	const char *why = NULL;
	struct burn_vm *vm;
	u32 next = 0, seen = 0, ids[3];
	int i;

	for (i = 0; i < 3; i++) {
		vm = burn_vm_create(&who, BURNVMM_MEM_MIN, &why);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vm);
		ids[i] = vm->id;
		burn_vm_put(vm);
	}
	while ((vm = burn_vm_get_next(&init_net, &next))) {
		for (i = 0; i < 3; i++)
			seen += vm->id == ids[i];
		KUNIT_EXPECT_EQ(test, next, vm->id + 1);
		burn_vm_put(vm);
	}
	KUNIT_EXPECT_EQ(test, seen, 3U);
	burn_vm_release_port(&init_net, who.portid);
}

static struct kunit_case burn_vm_cases[] = {
	KUNIT_CASE_PARAM(burn_vm_mem_size_test, burn_mem_gen_params),
	KUNIT_CASE(burn_vm_create_destroy_test),
	KUNIT_CASE(burn_vm_ownership_test),
	KUNIT_CASE(burn_vm_release_port_test),
	KUNIT_CASE(burn_vm_max_vms_test),
	KUNIT_CASE_PARAM(burn_vm_fault_unwind_test, burn_fault_gen_params),
	KUNIT_CASE(burn_vm_end_reason_sticky_test),
	KUNIT_CASE(burn_vm_dump_iter_test),
	KUNIT_CASE_PARAM(burn_vcpu_start_fault_test,
			 burn_start_fault_gen_params),
	KUNIT_CASE(burn_vm_run_guest_test),
	{}
};

static struct kunit_suite burn_vm_suite = {
	.name = "burnvmm_vm",
	.init = burn_vm_test_init,
	.exit = burn_vm_test_exit,
	.test_cases = burn_vm_cases,
};

kunit_test_suite(burn_vm_suite);
