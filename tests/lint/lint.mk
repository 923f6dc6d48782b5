# SPDX-License-Identifier: GPL-2.0
#
# tests/lint/lint.mk - static checks as a `make check` runner, and
# `make lint` to run them alone.

$(BUILD)/tests/lint/lint: tests/lint/lint.mk
	$(Q)mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nBUILD=%s exec %s\n' "$(abspath $(BUILD))" \
		"$(SRC)/tests/lint/run-lint" >$@
	$(Q)chmod +x $@

CHECK_PREREQS += $(BUILD)/tests/lint/lint
CHECK_RUNNERS += $(BUILD)/tests/lint/lint

.PHONY: lint
lint: $(CONFIG_H) $(BUILD)/tests/lint/lint
	$(Q)$(BUILD)/tests/lint/lint
