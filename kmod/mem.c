// SPDX-License-Identifier: GPL-2.0
/*
 * mem.c - every access to guest memory goes through here: the range check,
 * reading and writing guest RAM, and the one conversion from a
 * guest-physical address to a host page frame.
 *
 * The threat: every guest-physical address comes from the guest or from
 * burnctl, and guest RAM is a plain host allocation, so an address or
 * length one byte off reaches host memory.  Hence one check, written once,
 * overflow-safe, used by every path (lguest's lguest_address_ok()).
 */
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "burnvmm.h"

/*
 * burn_gpa_range_ok - does [@gpa, @gpa + @len) lie inside RAM of
 * @mem_size bytes?  Written so that no sum can wrap: @len is compared
 * with the size first, then @gpa with what is left.  An empty range is
 * fine anywhere up to the end.
 */
bool burn_gpa_range_ok(u64 mem_size, gpa_t gpa, u64 len)
{
	return len <= mem_size && gpa_val(gpa) <= mem_size - len;
}

/* Copy @len bytes from @src into guest RAM at @gpa; -ERANGE if outside. */
int burn_gpa_write(struct burn_vm *vm, gpa_t gpa, const void *src, u64 len)
{
	if (!burn_gpa_range_ok(vm->mem_size, gpa, len))
		return -ERANGE;
	memcpy(vm->mem + gpa_val(gpa), src, len);
	return 0;
}

/* Copy @len bytes of guest RAM at @gpa to @dst; -EFAULT if outside. */
int burn_gpa_read(struct burn_vm *vm, gpa_t gpa, void *dst, u64 len)
{
	if (!burn_gpa_range_ok(vm->mem_size, gpa, len))
		return -EFAULT;
	memcpy(dst, vm->mem + gpa_val(gpa), len);
	return 0;
}

/*
 * burn_gpa_to_pfn - the host page frame holding guest-physical @gpa.
 * This is the only place that turns a guest address into something the
 * hardware will use on the guest's behalf (a shadow PTE): false for
 * anything outside the VM's RAM, and the caller kills the guest.
 */
bool burn_gpa_to_pfn(struct burn_vm *vm, gpa_t gpa, unsigned long *pfn)
{
	if (!burn_gpa_range_ok(vm->mem_size, gpa, 1))
		return false;
	*pfn = vmalloc_to_pfn(vm->mem + (gpa_val(gpa) & PAGE_MASK));
	return !WARN_ON_ONCE(!*pfn);
}

#ifdef BURNVMM_WITH_KUNIT
#include "../tests/kunit/mem_kunit.c"
#endif
