# SPDX-License-Identifier: GPL-2.0
#
# kmod/kmod.mk - burnvmm.ko.
#
# KDIR defaults to the build tree of Debian's stock kernel, whose version is
# derived from the linux-headers-amd64 package (scripts/kver), never from
# `uname -r`.  The module for the test kernel is built by tests/vm/vm.mk.
# C=1 runs sparse on every file, as for in-tree code.

KVER = $(shell $(SRC)/scripts/kver)
KDIR ?= /usr/src/linux-headers-$(KVER)
KMOD_SRCS := Kbuild $(wildcard kmod/*.c kmod/*.h kmod/x86/*.c kmod/x86/*.h \
	kmod/x86/*.S tests/kunit/*.c) \
	include/uapi/linux/burnvmm.h $(wildcard include/burnvmm/*.h)
KMOD_ARGS = $(if $(filter-out 0,$(V)),V=1) $(if $(C),C=$(C))

# Rebuilt whenever KDIR names another tree (e.g. a new linux-headers ABI).
.PHONY: FORCE
$(BUILD)/kmod/stock.kdir: FORCE | deps
	$(Q)$(SRC)/scripts/update-if-changed $@ "$(KDIR)"

$(BUILD)/kmod/stock/burnvmm.ko: $(KMOD_SRCS) $(CONFIG_H) scripts/build-kmod \
		$(BUILD)/kmod/stock.kdir | deps
	$(call MSG,KBUILD,burnvmm.ko [$(notdir $(KDIR))])
	+$(Q)BUILD=$(abspath $(BUILD)) $(SRC)/scripts/build-kmod \
		$(abspath $(BUILD))/kmod/stock $(KDIR) \
		$(KMOD_ARGS) >$(BUILD)/kmod/stock.log 2>&1 || \
		{ cat $(BUILD)/kmod/stock.log; exit 1; }
	$(Q)if grep -q 'warning:' $(BUILD)/kmod/stock.log; then \
		cat $(BUILD)/kmod/stock.log; exit 1; fi
	$(Q)touch $@	# Kbuild leaves an up-to-date module's time alone

$(BUILD)/burnvmm.ko: $(BUILD)/kmod/stock/burnvmm.ko
	$(Q)cp $< $@

# The build log directory must exist before the recipe redirects into it.
$(BUILD)/kmod/stock/burnvmm.ko: | $(BUILD)/kmod/.dir
$(BUILD)/kmod/.dir:
	$(Q)mkdir -p $(dir $@) && touch $@

ALL_TARGETS += $(BUILD)/burnvmm.ko
