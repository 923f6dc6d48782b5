# SPDX-License-Identifier: GPL-2.0
#
# tests/stress/stress.mk - the hostile-input, fault-injection and
# concurrency tests of burnvmm.ko's control plane (docs/testing.md,
# "Stress and hostile-input tests"), and their runner: a test host VM of
# its own on the debug test kernel (same kernel and module as
# vm-testkernel), running tests/stress/run-all instead of tests/vm/run-all.
#
#   make check T=stress   the short run, part of `make check` (~4 min)
#   make stress-long      the same VM with long bounds (~45-60 min, with
#                         the guest fuzzer's long run and the Linux soak)
#
# The time bounds are parameters: STRESS_* below (short run) and
# STRESS_LONG_* (stress-long).  They reach the VM in a stress.conf file.

STRESS_FUZZ_SECONDS ?= 12
STRESS_CHURN_SECONDS ?= 5
STRESS_RMMOD_CYCLES ?= 3
STRESS_KILL_ROUNDS ?= 10
STRESS_FAULT_ROUNDS ?= 40
# The guest fuzzer (tests/selftests/guest_fuzz.sh): VMs in a row, pairs
# at once, milliseconds each.  0 ms skips it: vm-testkernel runs the
# bounded version on the same kernel already.
STRESS_GFUZZ_SEQ ?= 0
STRESS_GFUZZ_PAIRS ?= 0
STRESS_GFUZZ_MS ?= 0
# The disk flood (tests/selftests/diskflood.sh): requests of each of two
# guests at once, then kill -9 rounds of a flooding guest's burnctl.
STRESS_DFLOOD_REQUESTS ?= 4000
STRESS_DFLOOD_KILLS ?= 6
# The Linux soak (tests/stress/linux-soak.sh), seconds; 0 skips it: the
# short run leaves Linux to linux_guest.sh, which boots it three times
# in vm-stock and vm-testkernel already.
STRESS_SOAK_SECONDS ?= 0
STRESS_QEMU_TIMEOUT ?= 900

STRESS_LONG_FUZZ_SECONDS ?= 600
STRESS_LONG_CHURN_SECONDS ?= 60
STRESS_LONG_RMMOD_CYCLES ?= 40
STRESS_LONG_KILL_ROUNDS ?= 100
STRESS_LONG_FAULT_ROUNDS ?= 600
STRESS_LONG_GFUZZ_SEQ ?= 16
STRESS_LONG_GFUZZ_PAIRS ?= 8
STRESS_LONG_GFUZZ_MS ?= 15000
STRESS_LONG_DFLOOD_REQUESTS ?= 30000
STRESS_LONG_DFLOOD_KILLS ?= 40
STRESS_LONG_SOAK_SECONDS ?= 600
STRESS_LONG_QEMU_TIMEOUT ?= 4200

STRESS_DIR := $(BUILD)/tests/stress
# No libnl: these tools put raw bytes on an AF_NETLINK socket.
STRESS_CFLAGS = $(HOST_CFLAGS) -I$(SRC)/include/uapi -I$(STRESS_DIR)
STRESS_BINS := $(STRESS_DIR)/nlfuzz $(STRESS_DIR)/nlchurn $(STRESS_DIR)/nlfault
STRESS_SCRIPTS := tests/stress/lifetime.sh tests/stress/linux-soak.sh

# Commands whose UAPI name contains START or RUN would run a guest: the
# fuzzer never sends them.  Taken from the header's enum names, so a
# command added later is excluded without anybody remembering to.
$(STRESS_DIR)/excluded_cmds.h: include/uapi/linux/burnvmm.h tests/stress/stress.mk
	$(call MSG,GEN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)sed -n 's/^[[:space:]]*\(BURNVMM_CMD_[A-Z0-9_]*\(START\|RUN\)[A-Z0-9_]*\).*/\t\1,/p' \
		$< >$@.tmp && mv $@.tmp $@

$(STRESS_DIR)/%.o: tests/stress/%.c $(wildcard tests/stress/*.h) \
		include/uapi/linux/burnvmm.h $(STRESS_DIR)/excluded_cmds.h | deps
	$(call MSG,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(STRESS_CFLAGS) -c $< -o $@

$(STRESS_DIR)/nlfuzz: $(addprefix $(STRESS_DIR)/,nlfuzz.o fuzz-gen.o \
		fuzz-predict.o nlraw.o)
	$(call MSG,LD,$@)
	$(Q)$(HOST_CC) -static $(HOST_LDFLAGS) -o $@ $^

$(STRESS_DIR)/nlchurn: $(addprefix $(STRESS_DIR)/,nlchurn.o nlraw.o)
	$(call MSG,LD,$@)
	$(Q)$(HOST_CC) -static $(HOST_LDFLAGS) -o $@ $^

$(STRESS_DIR)/nlfault: $(addprefix $(STRESS_DIR)/,nlfault.o nlraw.o)
	$(call MSG,LD,$@)
	$(Q)$(HOST_CC) -static $(HOST_LDFLAGS) -o $@ $^

# stress.conf: the bounds, sourced by run-all inside the VM.
define stress_conf
	$(Q)mkdir -p $(dir $(1))
	$(Q)printf 'FUZZ_SECONDS=%s\nCHURN_SECONDS=%s\nRMMOD_CYCLES=%s\nKILL_ROUNDS=%s\nFAULT_ROUNDS=%s\nGFUZZ_SEQ=%s\nGFUZZ_PAIRS=%s\nGFUZZ_MS=%s\nDFLOOD_REQUESTS=%s\nDFLOOD_KILLS=%s\nSOAK_SECONDS=%s\n' \
		$(2) $(3) $(4) $(5) $(6) $(7) $(8) $(9) $(10) $(11) $(12) >$(1)
endef

# One runner script per set of bounds, every path baked in.  It runs
# tests/stress/vm-stress, which is tests/vm/vmtest with VMTEST_RUN_ALL set
# to tests/stress/run-all (and TODO tests not failing the run).
define stress_runner
	$(Q)mkdir -p $(dir $(1))
	$(Q)printf '#!/bin/sh\nQEMU_TIMEOUT=%s VMTEST_FILES="%s" exec %s %s %s %s\n' \
		$(3) \
		"$(abspath $(STRESS_BINS)) $(addprefix $(SRC)/,$(STRESS_SCRIPTS)) $(abspath $(2))" \
		"$(SRC)/tests/stress/vm-stress" $(4) \
		"$(TESTKERNEL_DIR)/arch/x86/boot/bzImage" \
		"$(abspath $(BUILD))/kmod/test/burnvmm.ko" >$(1)
	$(Q)chmod +x $(1)
endef

$(STRESS_DIR)/short/stress.conf: tests/stress/stress.mk
	$(call stress_conf,$@,$(STRESS_FUZZ_SECONDS),$(STRESS_CHURN_SECONDS),$(STRESS_RMMOD_CYCLES),$(STRESS_KILL_ROUNDS),$(STRESS_FAULT_ROUNDS),$(STRESS_GFUZZ_SEQ),$(STRESS_GFUZZ_PAIRS),$(STRESS_GFUZZ_MS),$(STRESS_DFLOOD_REQUESTS),$(STRESS_DFLOOD_KILLS),$(STRESS_SOAK_SECONDS))

$(STRESS_DIR)/long/stress.conf: tests/stress/stress.mk
	$(call stress_conf,$@,$(STRESS_LONG_FUZZ_SECONDS),$(STRESS_LONG_CHURN_SECONDS),$(STRESS_LONG_RMMOD_CYCLES),$(STRESS_LONG_KILL_ROUNDS),$(STRESS_LONG_FAULT_ROUNDS),$(STRESS_LONG_GFUZZ_SEQ),$(STRESS_LONG_GFUZZ_PAIRS),$(STRESS_LONG_GFUZZ_MS),$(STRESS_LONG_DFLOOD_REQUESTS),$(STRESS_LONG_DFLOOD_KILLS),$(STRESS_LONG_SOAK_SECONDS))

$(BUILD)/tests/vm/vm-stress: tests/stress/stress.mk \
		$(STRESS_DIR)/short/stress.conf | $(BUILD)/kmod/test/burnvmm.ko
	$(call stress_runner,$@,$(STRESS_DIR)/short/stress.conf,$(STRESS_QEMU_TIMEOUT),stress)

$(STRESS_DIR)/vm-stress-long: tests/stress/stress.mk \
		$(STRESS_DIR)/long/stress.conf | $(BUILD)/kmod/test/burnvmm.ko
	$(call stress_runner,$@,$(STRESS_DIR)/long/stress.conf,$(STRESS_LONG_QEMU_TIMEOUT),stress-long)

STRESS_PREREQS := $(STRESS_BINS) $(BUILD)/burnctl $(BUILD)/kmod/test/burnvmm.ko \
	$(BUILD)/tests/selftests/control_test
CHECK_PREREQS += $(STRESS_PREREQS) $(BUILD)/tests/vm/vm-stress
CHECK_RUNNERS += $(BUILD)/tests/vm/vm-stress

# make stress-long: the same VM and tests with long bounds; TAP in
# build/check/vm-stress-long.tap and the usual summary line.
.PHONY: stress-long
stress-long: all $(STRESS_PREREQS) $(STRESS_DIR)/vm-stress-long
	$(Q)$(SRC)/scripts/run-checks $(BUILD)/check-stress-long \
		$(STRESS_DIR)/vm-stress-long
