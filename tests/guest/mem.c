// SPDX-License-Identifier: GPL-2.0
/*
 * mem.c - physical memory from the Multiboot memory map, 2-level paging
 * with 4 KiB and 4 MiB pages, address spaces, demand paging and copy on
 * write.
 *
 * Physical RAM is taken only from the Multiboot memory map: under burnvmm
 * the top of guest RAM holds the in-place VMM and is left out of the map.
 * Usable RAM from 4 MiB up to 1 GiB (and never at or above the IPVMM
 * window) is cut into whole 4 MiB chunks; each chunk is identity mapped
 * with one 4 MiB page, so the kernel reaches any frame through its
 * physical address.  Frames are carved from chunks and never freed: the
 * guest lives for a few seconds.
 *
 * Virtual layout (see guest.h): 0-4 MiB is identity mapped with 4 KiB
 * pages (page 0 absent, ring-3 pages user-accessible, ro_page read-only);
 * USER_REGION is per address space and demand paged; TEST_PT_VA has a
 * kernel page table the paging tests remap freely.  Every address space
 * copies the kernel's page-directory entries when it is created.
 */
#include "guest.h"

#define MAX_CHUNKS	256
#define RAM_CAP		0x40000000u

struct aspace kernel_as;
u32 mem_usable_kib;
bool mem_map_ok;
u32 mem_demand_faults, mem_cow_faults;

static u32 kpd[1024] __aligned(4096);
static u32 pt0[1024] __aligned(4096);
static u32 kernel_user_pt[1024] __aligned(4096);
u32 test_pt[1024] __aligned(4096);
u8 ro_page[4096] __section(".ro_page") __aligned(4096);

static u32 chunks[MAX_CHUNKS];
static u32 nr_chunks, next_chunk;
static u32 frame_next, frame_limit;
static struct aspace *cur_as;

/*
 * Collect the 4 MiB chunks that lie wholly inside usable RAM.  Runs
 * before paging and before any allocation, so the loader's boot
 * information is neither unmapped nor overwritten while it is read.
 */
static void mem_scan_map(const struct multiboot_info *mbi)
{
	u32 off = 0;
	u64 kstart = (u32)_kernel_start, kend = (u32)_kernel_end;

	if (!(mbi->flags & MULTIBOOT_INFO_MEM_MAP))
		return;
	while (off + sizeof(struct multiboot_mmap_entry) <=
	       mbi->mmap_length) {
		const struct multiboot_mmap_entry *e =
			(const void *)(mbi->mmap_addr + off);
		u64 start = e->addr, end = e->addr + e->len, c;

		off += e->size + 4;
		if (e->type != 1)
			continue;
		if (start < 0x100000000ull)
			mem_usable_kib += (u32)((end > 0x100000000ull ?
				0x100000000ull - start : e->len) >> 10);
		if (start <= kstart && end >= kend)
			mem_map_ok = true;
		c = (start + LARGE_PAGE_SIZE - 1) & ~(u64)(LARGE_PAGE_SIZE - 1);
		if (c < LARGE_PAGE_SIZE)
			c = LARGE_PAGE_SIZE;
		for (; c + LARGE_PAGE_SIZE <= end; c += LARGE_PAGE_SIZE) {
			if (c + LARGE_PAGE_SIZE > RAM_CAP ||
			    c + LARGE_PAGE_SIZE > WINDOW_BASE)
				break;
			if (nr_chunks < MAX_CHUNKS)
				chunks[nr_chunks++] = (u32)c;
		}
	}
}

static void map_low_4m(void)
{
	u32 utext0 = (u32)_user_text_start, utext1 = (u32)_user_text_end;
	u32 udata0 = (u32)_user_data_start, udata1 = (u32)_user_data_end;
	u32 i;

	for (i = 1; i < 1024; i++) {
		u32 pa = i * PAGE_SIZE, flags = PTE_P | PTE_W;

		if (pa >= utext0 && pa < utext1)
			flags = PTE_P | PTE_U;
		else if (pa >= udata0 && pa < udata1)
			flags = PTE_P | PTE_W | PTE_U;
		else if (pa == (u32)ro_page)
			flags = PTE_P;
		pt0[i] = pa | flags;
	}
	pt0[0] = 0;
}

void mem_setup(const struct multiboot_info *mbi)
{
	u32 i;

	if ((u32)_kernel_end > LARGE_PAGE_SIZE)
		panic("kernel image ends above 4 MiB (%x)", (u32)_kernel_end);
	mem_scan_map(mbi);
	if (nr_chunks < 2)
		panic("need at least 8 MiB of usable RAM above 4 MiB");

	map_low_4m();
	kpd[0] = (u32)pt0 | PTE_P | PTE_W | PTE_U;
	for (i = 0; i < nr_chunks; i++)
		kpd[chunks[i] >> 22] = chunks[i] | PDE_PS | PTE_P | PTE_W;
	kpd[TEST_PT_VA >> 22] = (u32)test_pt | PTE_P | PTE_W;
	kpd[USER_REGION >> 22] = (u32)kernel_user_pt | PTE_P | PTE_W | PTE_U;
	kernel_as.pd = kpd;
	kernel_as.user_pt = kernel_user_pt;
	cur_as = &kernel_as;

	write_cr4(read_cr4() | X86_CR4_PSE);
	write_cr3((u32)kpd);
	write_cr0(read_cr0() | X86_CR0_PG | X86_CR0_WP);
}

/* A whole 4 MiB chunk, identity mapped, not zeroed. */
u32 chunk_alloc(void)
{
	if (next_chunk >= nr_chunks)
		panic("out of memory (4 MiB chunks)");
	return chunks[next_chunk++];
}

/* One zeroed 4 KiB frame; its physical address is also its address. */
u32 frame_alloc(void)
{
	u32 f;

	if (frame_next >= frame_limit) {
		frame_next = chunk_alloc();
		frame_limit = frame_next + LARGE_PAGE_SIZE;
	}
	f = frame_next;
	frame_next += PAGE_SIZE;
	memset((void *)f, 0, PAGE_SIZE);
	return f;
}

/* The PTE for va in the regions the guest manages with 4 KiB tables. */
u32 *pte_of(struct aspace *as, u32 va)
{
	if (va >= USER_REGION && va < USER_REGION_END)
		return &as->user_pt[(va >> 12) & 1023];
	if ((va >> 22) == (TEST_PT_VA >> 22))
		return &test_pt[(va >> 12) & 1023];
	if (va < LARGE_PAGE_SIZE)
		return &pt0[va >> 12];
	return NULL;
}

void aspace_create(struct aspace *as)
{
	as->pd = (u32 *)frame_alloc();
	as->user_pt = (u32 *)frame_alloc();
	memcpy(as->pd, kpd, PAGE_SIZE);
	as->pd[USER_REGION >> 22] = (u32)as->user_pt | PTE_P | PTE_W | PTE_U;
}

/*
 * fork() in miniature: dst gets the same user pages as src, and every
 * writable page becomes read-only + COW in both, so the first write on
 * either side copies it.  src's TLB is flushed if it is live.
 */
void aspace_clone_cow(struct aspace *dst, struct aspace *src)
{
	u32 i;

	aspace_create(dst);
	for (i = 0; i < 1024; i++) {
		u32 e = src->user_pt[i];

		if (!(e & PTE_P))
			continue;
		if (e & (PTE_W | PTE_COW))
			e = (e & ~PTE_W) | PTE_COW;
		src->user_pt[i] = e;
		dst->user_pt[i] = e;
	}
	if (cur_as == src)
		write_cr3((u32)src->pd);
}

void aspace_switch(struct aspace *as)
{
	cur_as = as;
	write_cr3((u32)as->pd);
}

/*
 * Resolve a page fault in the user region: a not-present page is
 * demand-zero (no TLB flush needed, not-present entries are never
 * cached); a write to a COW page gets a private copy and the stale
 * read-only translation is flushed with invlpg.  Anything else is not
 * ours and goes to the caller.
 */
bool mem_handle_fault(struct trap_frame *f, u32 cr2)
{
	u32 *pte, old;

	if (cr2 < USER_REGION || cr2 >= USER_REGION_END)
		return false;
	pte = pte_of(cur_as, cr2);
	if (!(f->error & PF_P) && !(*pte & PTE_P)) {
		*pte = frame_alloc() | PTE_P | PTE_W | PTE_U;
		mem_demand_faults++;
		return true;
	}
	if ((f->error & (PF_P | PF_W)) == (PF_P | PF_W) && (*pte & PTE_COW)) {
		old = *pte & PTE_FRAME;
		*pte = frame_alloc() | PTE_P | PTE_W | PTE_U;
		memcpy((void *)(*pte & PTE_FRAME), (void *)old, PAGE_SIZE);
		invlpg(cr2 & PTE_FRAME);
		mem_cow_faults++;
		return true;
	}
	return false;
}
