# SPDX-License-Identifier: GPL-2.0
#
# tests/afterburn/afterburn-tests.mk - the Afterburner's tests and
# benchmark (included from afterburn/afterburn.mk).  Runners:
#   afterburn-unit   cmocka suite, fixtures, differential test, bad input,
#                    afterburn-cc flag handling
#   afterburn-fuzz   libFuzzer on the rewriter and decoder, 20 s
#   afterburn-linux  Linux 6.1: records verified, whole-kernel scan,
#                    native boot.  The runner itself brings the kernel up
#                    to date (tests/guest-linux/build-linux, cached), so
#                    that `make check T=other` never builds a kernel.

AB_TDIR := $(SRC)/tests/afterburn
AB_TBUILD := $(BUILD)/tests/afterburn
AB_ABS_BUILD := $(abspath $(BUILD))
AB_FUZZ_SECONDS ?= 20

$(AB_TBUILD)/afterburn-unit-c: $(AB_TDIR)/unit.c $(AB_LIB)
	$(call MSG,HOSTCC,$(@:$(SRC)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -I$(AB_DIR) -o $@ $^ -lcmocka

$(AB_TBUILD)/afterburn-scan: $(AB_TDIR)/scan.c $(AB_LIB)
	$(call MSG,HOSTCC,$(@:$(SRC)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -I$(AB_DIR) -o $@ $^

# The fuzz target builds the library sources itself, instrumented.
AB_FUZZ_SRCS := $(AB_LIB_NAMES:%=$(AB_DIR)/%.c) $(AB_TDIR)/fuzz.c
$(AB_TBUILD)/afterburn-fuzz-target: $(AB_FUZZ_SRCS) $(wildcard $(AB_DIR)/*.h)
	$(call MSG,CLANG,$(@:$(SRC)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)clang -g -O1 -std=gnu11 -D_GNU_SOURCE -I$(SRC)/include -I$(AB_DIR) \
		-fsanitize=fuzzer,address,undefined -o $@ $(AB_FUZZ_SRCS)

# Runners are two-line scripts that call the checked-in ones with paths.
define ab_runner
$(AB_TBUILD)/$(1): $(AB_TDIR)/$(1).sh
	$$(Q)mkdir -p $$(@D)
	$$(Q)printf '#!/bin/sh\nexec %s %s\n' '$(AB_TDIR)/$(1).sh' '$(2)' >$$@
	$$(Q)chmod +x $$@
endef
$(eval $(call ab_runner,afterburn-unit,$(AB_ABS_BUILD) $(SRC)))
$(eval $(call ab_runner,afterburn-fuzz,$(abspath $(AB_TBUILD))/afterburn-fuzz-target \
	$(SRC) $(AB_FUZZ_SECONDS)))
$(eval $(call ab_runner,afterburn-linux,$(AB_ABS_BUILD) $(SRC) \
	$(sort $(AFTERBURN_TOOL_SRCS))))

CHECK_PREREQS += $(AFTERBURN) $(AFTERBURN_CC) $(AFTERBURN_SITES) \
	$(AB_TBUILD)/afterburn-unit-c $(AB_TBUILD)/afterburn-scan \
	$(AB_TBUILD)/afterburn-fuzz-target $(AB_TBUILD)/afterburn-unit \
	$(AB_TBUILD)/afterburn-fuzz $(AB_TBUILD)/afterburn-linux
CHECK_RUNNERS += $(AB_TBUILD)/afterburn-unit $(AB_TBUILD)/afterburn-fuzz \
	$(AB_TBUILD)/afterburn-linux

# Two Linux builds, several minutes: its own target, not part of `make
# bench` (which stays within about ten minutes; docs/performance.md).
.PHONY: bench-afterburn
bench-afterburn: $(AFTERBURN) $(AFTERBURN_CC) | deps
	$(Q)$(AB_TDIR)/bench-afterburn $(AB_ABS_BUILD) $(SRC)
