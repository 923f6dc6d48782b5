# SPDX-License-Identifier: GPL-2.0
#
# bench/bench.mk - `make bench` (issue 9): every benchmark in one run,
# natively and under burnvmm side by side, with the results in
# build/bench/ (results.md, results.json, results.png).  See
# docs/performance.md.
#
#   make bench                    run everything (about 10 minutes)
#   make bench-compare OLD=a.json NEW=b.json
#                                 per-benchmark deltas of two results
#   runner bench-unit (make check T=bench-unit): the report and compare
#                                 scripts on fixture data, no timing
#
# Repetitions: BENCH_REPS runs of the test guest natively and of every
# guest under burnvmm, BENCH_LINUX_REPS boots of the Linux guest.

BENCH_REPS ?= 15
BENCH_LINUX_REPS ?= 9
BENCH_DIR := $(BUILD)/bench
BENCH_SRC := $(SRC)/bench

# The raw bench guests' baselines: the same source with no operation
# (tests/kmod-guests/bench-guest.h), as <name>-0.elf beside the others.
BENCH_GUESTS := $(basename $(notdir $(wildcard tests/kmod-guests/bench-*.c)))
BENCH_GUEST_ELFS := $(BENCH_GUESTS:%=$(KGUEST_DIR)/%.elf) \
	$(BENCH_GUESTS:%=$(KGUEST_DIR)/%-0.elf)

$(BENCH_GUESTS:%=$(KGUEST_DIR)/%.o): tests/kmod-guests/bench-guest.h \
	include/burnvmm/vcpu.h

$(KGUEST_DIR)/bench-%-0.o: tests/kmod-guests/bench-%.c \
		tests/kmod-guests/bench-guest.h tests/kmod-guests/kguest.h \
		tests/kmod-guests/pgtab.h include/burnvmm/hypercall.h \
		include/burnvmm/vcpu.h | deps
	$(call MSG,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(GUEST_CC) $(KGUEST_CFLAGS) -DBENCH_BASELINE -c $< -o $@

.SECONDARY: $(BENCH_GUESTS:%=$(KGUEST_DIR)/%-0.o)

# The counters reader run in the test VM; static, as burnctl is.
$(BENCH_DIR)/vm-counters: bench/vm-counters.c userland/netlink.c \
		userland/netlink.h include/uapi/linux/burnvmm.h | deps
	$(call MSG,CC,$<)
	$(Q)mkdir -p $(dir $@) && rm -f $@
	$(Q)$(HOST_CC) $(BURNCTL_CFLAGS) -I$(SRC)/userland -static -o $@ $< \
		userland/netlink.c $(LIBNL_LIBS) 2>&1 | { grep -v -e \
		'statically linked applications' -e 'in function' || true; } >&2
	$(Q)test -x $@

# The Linux guest's workloads: a static i386 program and its script,
# appended to the guest's own initramfs as a second archive.
$(BENCH_DIR)/linux/burnbench: bench/linux/burnbench.c | deps
	$(call MSG,CC-I386,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(GUEST_CC) -m32 -static -O2 -std=gnu11 -D_GNU_SOURCE \
		$(filter-out -Wvolatile-register-var -Wmissing-declarations \
		-Wredundant-decls -Wnested-externs,$(HOST_WARN)) -o $@ $<

$(BENCH_DIR)/linux/initrd.gz: $(GL_ROOTFS) $(BENCH_DIR)/linux/burnbench \
		bench/linux/run-workloads bench/linux/mkinitrd
	$(call MSG,GEN,$@)
	$(Q)$(BENCH_SRC)/linux/mkinitrd $@ $(GL_ROOTFS) \
		$(BENCH_DIR)/linux/burnbench $(GUEST_LINUX_DIR)/gen_init_cpio

BENCH_PREREQS := $(TG_ELF) $(TG_RUNNER) $(BENCH_GUEST_ELFS) \
	$(BENCH_DIR)/vm-counters $(BENCH_DIR)/linux/initrd.gz \
	$(GUEST_LINUX_STAMP) $(BUILD)/burnctl $(BUILD)/burnvmm.ko

.PHONY: bench-results bench-compare
bench-results: $(BENCH_PREREQS) | deps
	$(Q)BENCH_REPS=$(BENCH_REPS) BENCH_LINUX_REPS=$(BENCH_LINUX_REPS) \
		STOCK_VMLINUZ=$(STOCK_VMLINUZ) \
		$(BENCH_SRC)/run $(abspath $(BUILD)) $(SRC)
BENCH_TARGETS += bench-results

bench-compare:
	$(Q)if [ -z "$(OLD)" ] || [ -z "$(NEW)" ]; then \
		echo "usage: make bench-compare OLD=old.json NEW=new.json" >&2; \
		exit 2; fi
	$(Q)$(BENCH_SRC)/compare $(OLD) $(NEW)

# make check: the report and compare scripts on fixture data.
$(BUILD)/tests/bench/bench-unit: bench/bench-unit.sh
	$(Q)mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nexec %s %s\n' '$(BENCH_SRC)/bench-unit.sh' \
		'$(abspath $(BUILD))/tests/bench' >$@
	$(Q)chmod +x $@

ALL_TARGETS += $(BENCH_GUEST_ELFS)
CHECK_PREREQS += $(BUILD)/tests/bench/bench-unit
CHECK_RUNNERS += $(BUILD)/tests/bench/bench-unit
