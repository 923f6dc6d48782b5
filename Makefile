# SPDX-License-Identifier: GPL-2.0
#
# burnvmm top-level build.
#
# One non-recursive make drives every part.  Each component keeps its rules
# in a fragment (<dir>/<name>.mk) included below; a fragment may use the
# variables defined in "Shared build settings" and appends to:
#
#   ALL_TARGETS     what `make` builds
#   CHECK_PREREQS   what must exist before `make check` runs its runners
#   CHECK_RUNNERS   executables that print TAP on stdout and exit 0 only when
#                   every test passed; run in the order they are appended
#   BENCH_TARGETS   phony targets `make bench` runs
#   CLEAN_FILES     extra files `make clean` removes
#
# The kernel module is the exception: Kbuild owns it (see Kbuild and
# kmod/kmod.mk), built once per target kernel in a private copy of the
# sources because Kbuild writes its objects next to them.

MAKEFLAGS += --no-builtin-rules --no-print-directory
.SUFFIXES:
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all

# ------------------------------------------------------ Shared build settings
SRC := $(CURDIR)
# Relative, so that `make build/<file>` names a target as users type it;
# recipes that need an absolute path use $(abspath $(BUILD)).
BUILD := build
# Caches that outlive `make clean` and fresh clones: test kernel builds,
# extracted linux-source, the stock vmlinuz.  Keyed by content hashes.
CACHE ?= /var/tmp/burnvmm-cache
export CACHE

V ?= 0
ifeq ($(V),0)
Q := @
MSG = @printf '  %-9s %s\n' $(1) $(2)
else
Q :=
MSG = @true
endif

KCONFIG_CONFIG := $(SRC)/.config
CONFIG_H := $(BUILD)/include/generated/burnvmm_config.h

HOST_CC ?= gcc
# The warning set follows kvmtool's userland Makefile; -Werror so that CI
# catches what a quick local build scrolls past.
HOST_WARN := -Wall -Wextra -Wformat=2 -Winit-self -Wmissing-declarations \
	-Wmissing-prototypes -Wnested-externs -Wold-style-definition \
	-Wredundant-decls -Wsign-compare -Wstrict-prototypes -Wundef \
	-Wvolatile-register-var -Wwrite-strings -Wno-format-nonliteral \
	-Wshadow -Werror
HOST_CFLAGS := -O2 -g -std=gnu11 $(HOST_WARN) -D_GNU_SOURCE \
	-I$(SRC)/include -I$(BUILD)/include/generated
HOST_LDFLAGS :=

# 32-bit freestanding code (IPVMM, device models inside the IPVMM, test
# guests).  Debian's gcc defaults to PIE: turn that off explicitly.
GUEST_CC ?= gcc
GUEST_CFLAGS := -m32 -march=i686 -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -nostdlib \
	-fno-builtin -mno-sse -mno-mmx -mno-80387 -O2 -g -std=gnu11 \
	$(filter-out -Wvolatile-register-var,$(HOST_WARN)) \
	-I$(SRC)/include -I$(BUILD)/include/generated
GUEST_LDFLAGS := -m elf_i386 -nostdlib --build-id=none

ALL_TARGETS :=
CHECK_PREREQS :=
CHECK_RUNNERS :=
BENCH_TARGETS :=
CLEAN_FILES :=

# --------------------------------------------------------------- Dependencies
# Every entry point first makes sure Debian's packages are there; the script
# returns at once when nothing is missing.
.PHONY: deps
deps:
	$(Q)$(SRC)/scripts/install-deps

# -------------------------------------------------------------- Configuration
# .config is created from configs/defconfig on first use; the header is
# regenerated whenever .config changes.
KCONFIG_ENV := KCONFIG_CONFIG=$(KCONFIG_CONFIG)

$(KCONFIG_CONFIG): | deps
	$(call MSG,DEFCONFIG,.config)
	$(Q)$(KCONFIG_ENV) kconfig-conf -s --defconfig=configs/defconfig Kconfig

$(CONFIG_H): $(KCONFIG_CONFIG) scripts/gen-config-h
	$(call MSG,GEN,$(@:$(SRC)/%=%))
	$(Q)$(SRC)/scripts/gen-config-h $< $@

.PHONY: defconfig olddefconfig menuconfig savedefconfig config
defconfig: deps
	$(Q)$(KCONFIG_ENV) kconfig-conf --defconfig=configs/defconfig Kconfig
olddefconfig: deps
	$(Q)$(KCONFIG_ENV) kconfig-conf --olddefconfig Kconfig
menuconfig: deps
	$(Q)$(KCONFIG_ENV) kconfig-mconf Kconfig
savedefconfig: deps
	$(Q)$(KCONFIG_ENV) kconfig-conf --savedefconfig=configs/defconfig Kconfig
config: $(CONFIG_H)

# ----------------------------------------------------------------- Components
include kmod/kmod.mk
include userland/userland.mk
include devices/devices.mk
include afterburn/afterburn.mk
include tests/guest/guest.mk
include tests/guest-linux/linux-guest.mk
# After the Linux guest's runner, whose kernel the frontend's rewriter
# tests then find already built.
include frontend/frontend.mk
include backend-lkm/backend.mk
include tests/kmod-guests/kmod-guests.mk
include tests/unit/unit.mk
include tests/unit/linux-boot.mk
include tests/lint/lint.mk
include tests/selftests/selftests.mk
include tests/stress/stress.mk
include tests/vm/vm.mk
# Last: the bench uses the guests, burnctl and the test VM of the others.
include bench/bench.mk

# ------------------------------------------------------------------ Top level
.PHONY: all check run bench clean distclean help

all: deps $(CONFIG_H) $(ALL_TARGETS)

# make check: build what the runners need, run each runner, keep its TAP in
# build/check/, then print one summary line.  The summary is computed by
# scripts/tap-summary, which also counts a runner that crashed, exited
# non-zero without reporting a failure, or ran fewer tests than it planned.
# `make check T=word` runs only the runners whose name contains word.
T ?=
pick_runner = $(if $(findstring $(T),$(notdir $(1))),$(1))
CHECK_SELECTED = $(if $(T),$(foreach r,$(CHECK_RUNNERS),$(call \
	pick_runner,$(r))),$(CHECK_RUNNERS))

#
# If anything fails to build, no runner runs (a stale binary could pass for
# the broken one) and the summary still closes the output: 0 passed, 1
# failed.
check:
	$(Q)if $(MAKE) check-prereqs; then \
		$(SRC)/scripts/run-checks $(BUILD)/check $(CHECK_SELECTED); \
	else \
		echo "# make check: the build failed (see above); no test ran"; \
		echo "0 passed, 1 failed"; \
		exit 1; \
	fi

.PHONY: check-prereqs
check-prereqs: all $(CHECK_PREREQS)

bench: all $(BENCH_TARGETS)

clean:
	$(call MSG,CLEAN,build)
	$(Q)rm -rf $(BUILD) $(CLEAN_FILES)

distclean: clean
	$(Q)rm -f $(KCONFIG_CONFIG) $(KCONFIG_CONFIG).old

help:
	@echo 'burnvmm targets:'
	@echo '  make               build everything for the current .config'
	@echo '  make run           boot the test host VM, load burnvmm.ko, run the demo'
	@echo '  make check         run the whole test suite (prints "N passed, N failed")'
	@echo '  make bench         run the benchmarks (results in build/bench/)'
	@echo '  make bench-compare OLD=a.json NEW=b.json   compare two results'
	@echo '  make defconfig | olddefconfig | menuconfig | savedefconfig'
	@echo '  make lint          sparse, checkpatch, cppcheck, clang-format check'
	@echo '  make clean | distclean'
	@echo 'variables: KDIR=<kernel build dir> V=1 CACHE=$(CACHE)'
