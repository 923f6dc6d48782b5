# SPDX-License-Identifier: GPL-2.0
#
# tests/guest-linux/guest-linux.mk - `make guest-linux`: Linux 6.1 for
# i386, built with afterburn-cc (cached in $(CACHE)/guest-linux-<hash>),
# copied to build/guests/linux/.  Its checks (site verification, the
# whole-kernel scan, the native boot) are the afterburn-linux runner in
# tests/afterburn/afterburn-tests.mk.

GUEST_LINUX_DIR := $(BUILD)/guests/linux
GUEST_LINUX_STAMP := $(GUEST_LINUX_DIR)/.stamp
GUEST_LINUX_INPUTS := $(SRC)/tests/guest-linux/build-linux \
	$(SRC)/tests/guest-linux/linux.config $(SRC)/tests/guest-linux/init.c

$(GUEST_LINUX_STAMP): $(GUEST_LINUX_INPUTS) $(AFTERBURN_TOOL_SRCS) \
		$(AFTERBURN_CC) $(AFTERBURN_SITES) | deps
	$(call MSG,LINUX,build/guests/linux)
	$(Q)$(SRC)/tests/guest-linux/build-linux $(GUEST_LINUX_DIR) \
		$(AFTERBURN_CC) $(AFTERBURN_SITES) $(sort $(AFTERBURN_TOOL_SRCS))
	$(Q)touch $@

.PHONY: guest-linux
guest-linux: $(GUEST_LINUX_STAMP)

# Where the cached kernel build for the current sources lives.
.PHONY: guest-linux-cache-dir
guest-linux-cache-dir:
	@$(SRC)/tests/guest-linux/build-linux --cache-dir $(AFTERBURN_CC) \
		$(AFTERBURN_SITES) $(sort $(AFTERBURN_TOOL_SRCS))
