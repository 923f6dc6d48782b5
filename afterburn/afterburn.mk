# SPDX-License-Identifier: GPL-2.0
#
# afterburn/afterburn.mk - the Afterburner's host tools (see
# docs/afterburn.md).  Exports for other fragments:
#
#   AFTERBURN        build/afterburn        assembly rewriter
#   AFTERBURN_CC     build/afterburn-cc     drop-in CC= (needs the
#                                           afterburn-libexec/as beside it)
#   AFTERBURN_SITES  build/afterburn-sites  lists/verifies .afterburn
#
# The tools are plain host C; one static library of the shared passes.
# Executables are linked to a temporary name and renamed: a kernel build
# may be running afterburn-cc (and its `as`) while they are rebuilt.

AB_DIR := $(SRC)/afterburn
AB_OBJ := $(BUILD)/afterburn-obj
AB_LIB_NAMES := buf lex insn decode rewrite macro elf
AB_LIB_OBJS := $(AB_LIB_NAMES:%=$(AB_OBJ)/%.o)
AB_LIB := $(AB_OBJ)/libafterburn.a

AFTERBURN := $(BUILD)/afterburn
AFTERBURN_CC := $(BUILD)/afterburn-cc
AFTERBURN_SITES := $(BUILD)/afterburn-sites
AFTERBURN_AS := $(BUILD)/afterburn-libexec/as

# Sources of the tools, for cache keys of things built with them.
AFTERBURN_TOOL_SRCS := $(wildcard $(AB_DIR)/*.c $(AB_DIR)/*.h) \
	$(SRC)/include/burnvmm/afterburn.h $(SRC)/include/burnvmm/types.h

$(AB_OBJ)/%.o: $(AB_DIR)/%.c
	$(call MSG,HOSTCC,$(@:$(SRC)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

-include $(wildcard $(AB_OBJ)/*.d)

$(AB_LIB): $(AB_LIB_OBJS)
	$(call MSG,AR,$(@:$(SRC)/%=%))
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(AFTERBURN): $(AB_OBJ)/main.o $(AB_LIB)
	$(call MSG,HOSTLD,$(@:$(SRC)/%=%))
	$(Q)$(HOST_CC) $(HOST_LDFLAGS) -o $@.tmp $^ && mv -f $@.tmp $@

$(AFTERBURN_AS): $(AB_OBJ)/as.o $(AB_LIB)
	$(call MSG,HOSTLD,$(@:$(SRC)/%=%))
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_LDFLAGS) -o $@.tmp $^ && mv -f $@.tmp $@

# afterburn-cc is useless without its `as`: depend on it.
$(AFTERBURN_CC): $(AB_OBJ)/cc.o $(AFTERBURN_AS)
	$(call MSG,HOSTLD,$(@:$(SRC)/%=%))
	$(Q)$(HOST_CC) $(HOST_LDFLAGS) -o $@.tmp $< && mv -f $@.tmp $@

$(AFTERBURN_SITES): $(AB_OBJ)/sites.o $(AB_LIB)
	$(call MSG,HOSTLD,$(@:$(SRC)/%=%))
	$(Q)$(HOST_CC) $(HOST_LDFLAGS) -o $@.tmp $^ && mv -f $@.tmp $@

.PHONY: afterburn
afterburn: $(AFTERBURN) $(AFTERBURN_CC) $(AFTERBURN_SITES)

ALL_TARGETS += $(AFTERBURN) $(AFTERBURN_CC) $(AFTERBURN_SITES)

include $(SRC)/tests/afterburn/afterburn-tests.mk
include $(SRC)/tests/guest-linux/guest-linux.mk
