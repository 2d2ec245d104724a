# SPDX-License-Identifier: GPL-2.0-only
# GNU Make build of kbackport.  "make" builds ./kbackport, "make check"
# builds the sanitizer variant and runs every test, "make install" installs.

PREFIX  ?= /usr/local
DATADIR ?= $(PREFIX)/share/kbackport
CC      ?= cc
PKGS    := inih jansson

CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
ALL_CFLAGS = -std=gnu11 $(WARN) -D_GNU_SOURCE -DKBP_DATADIR='"$(DATADIR)"' \
	$(shell pkg-config --cflags $(PKGS)) $(CFLAGS)
LIBS    := $(shell pkg-config --libs $(PKGS))
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRCS := src/usage.c src/run-command.c src/tree.c src/git.c src/steps.c \
	    src/leftover.c src/cocci.c src/workdir.c src/profile.c src/kconfig.c src/hostfix.c \
	    src/datadir.c
LIB_SRCS += src/cocci-prefilter.c src/cocci-cache.c src/cocci-scan.c src/cocci-spacing.c
LIB_SRCS += src/package-profile.c src/package-files.c src/package-sign.c \
	    src/package-rpm.c src/package-deb.c src/package-repo.c
CMD_SRCS := src/kbackport.c src/cmd-detect.c src/cmd-apply.c src/cmd-cocci.c src/cmd-build.c
CMD_SRCS += src/cmd-package.c
LIB_SRCS += src/qa-profile.c src/qa-scan.c src/qa-report.c
CMD_SRCS += src/cmd-qa.c src/qa-boot.c src/qa-sign.c src/qa-install.c
CMD_SRCS += src/cmd-run.c
HDRS     := $(wildcard src/*.h)

UNIT_TESTS := $(patsubst tests/unit/%.c,build/unit/%,$(wildcard tests/unit/test-*.c))

ifeq ($(V),1)
Q :=
else
Q := @
endif

all: kbackport

kbackport: $(LIB_SRCS) $(CMD_SRCS) $(HDRS)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(LIB_SRCS) $(CMD_SRCS) $(LIBS)

# The binary the tests run: same sources, with ASan and UBSan.
build/kbackport-san: $(LIB_SRCS) $(CMD_SRCS) $(HDRS)
	@mkdir -p build
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN) -O1 -o $@ $(LIB_SRCS) $(CMD_SRCS) $(LIBS)

build/unit/%: tests/unit/%.c $(LIB_SRCS) $(HDRS)
	@mkdir -p build/unit
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN) -O1 -Isrc -o $@ $< $(LIB_SRCS) $(LIBS) -lcmocka

check-deps:
	@scripts/check-deps.sh

check: check-deps build/kbackport-san $(UNIT_TESTS)
	@tests/run-all.sh $(UNIT_TESTS)

demo: kbackport
	@scripts/demo.sh

install: kbackport
	install -D -m 0755 kbackport $(DESTDIR)$(PREFIX)/bin/kbackport
	install -D -m 0644 docs/kbackport.1 $(DESTDIR)$(PREFIX)/share/man/man1/kbackport.1
	mkdir -p $(DESTDIR)$(DATADIR)
	cp -r cocci backports distro spec debian $(DESTDIR)$(DATADIR)/
	install -D -m 0644 tests/boot/mm-stress.c $(DESTDIR)$(DATADIR)/tests/boot/mm-stress.c

clean:
	rm -rf kbackport build

.PHONY: all check check-deps demo install clean
