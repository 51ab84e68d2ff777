# dxai: docker-credential-dxai and mvn-dxai.
#   make install      build both binaries into $(BINDIR) (default ~/.local/bin)
#   make test         all tests, real keyring/docker/Maven where installed, brief fuzzing
#   make bench        the helper's get path against its floors and peers
#   make dist         release archives for six platforms, with SHA256SUMS
#   make fuzz         every fuzz target for FUZZTIME each (default 1m)
#   make test386      the parsing packages' tests and fuzz targets on GOARCH=386
PKG      := github.com/dynamixs-ai/dxai
PREFIX   ?= $(HOME)/.local
BINDIR   ?= $(PREFIX)/bin
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
COMMIT   ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
LDFLAGS  := -s -w -X $(PKG)/internal/buildinfo.Version=$(VERSION) -X $(PKG)/internal/buildinfo.Commit=$(COMMIT)
BINS     := docker-credential-dxai mvn-dxai
GO       ?= go
# Pure Go everywhere (go-keyring needs no cgo): static binaries, and the
# helper's get starts ~3 ms faster and smaller than a cgo build (make bench).
export CGO_ENABLED ?= 0

.PHONY: all build install uninstall test test386 vet bench dist fuzz clean

all: build

build:
	@mkdir -p bin
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/ $(addprefix ./cmd/,$(BINS))

install: build
	@mkdir -p '$(BINDIR)'
	install -m 0755 $(addprefix bin/,$(BINS)) '$(BINDIR)/'
	@case ":$$PATH:" in *":$(BINDIR):"*) ;; *) \
		echo "note: $(BINDIR) is not on your PATH; add it, e.g. echo 'export PATH=\"$(BINDIR):\$$PATH\"' >> ~/.profile" ;; esac
	@echo "installed $(BINS) into $(BINDIR); next: mvn-dxai init"

uninstall:
	rm -f $(addprefix '$(BINDIR)'/,$(BINS))

vet:
	$(GO) vet ./...

# The tests run inside a private D-Bus session with its own unlocked
# gnome-keyring (scripts/with-keyring). Their output reads as plain go
# test's, and ends with one line naming the tests skipped for a missing
# real component (keyring, docker, Maven…), if any (scripts/testsummary).
# Then every fuzz target runs its seed corpus plus TESTFUZZTIME new inputs
# (a count, so a busy machine cannot cut it short; make fuzz is the long form).
TESTFUZZTIME ?= 300x
test:
	@mkdir -p bin
	$(GO) build -o bin/testsummary ./scripts/testsummary
	scripts/with-keyring bash -o pipefail -c '$(GO) test -count=1 -json ./... | bin/testsummary'
	scripts/fuzz $(TESTFUZZTIME)

# 32-bit: int is 32 bits there, so length arithmetic on input can wrap.
TEST386FUZZTIME ?= 100000x
test386:
	scripts/test386 $(TEST386FUZZTIME)

bench: build
	scripts/with-keyring scripts/bench

dist:
	VERSION='$(VERSION)' COMMIT='$(COMMIT)' scripts/dist

FUZZTIME ?= 1m
fuzz:
	scripts/fuzz $(FUZZTIME)

clean:
	rm -rf bin dist
