# The README's commands. Each installs what is missing, then builds.
JOBS ?= $(shell nproc)
RELEASE := build/release

.PHONY: deps build run test bench clean format openapi
deps:
	@bash scripts/install-deps.sh build

build: deps
	@cmake -S . -B $(RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=Release -DMOIM_BUILD_TESTS=OFF -DMOIM_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(RELEASE) -j $(JOBS)

# The embedded database in ./var, a demo community on first start, and mailed
# links written to the log (development mode) until the mail worker exists.
# Local stand-ins for Discord and Notion run beside it
# (scripts/with-discord-standin.sh, scripts/with-notion-standin.sh), and the
# demo community is connected to both.
run: build
	@bash scripts/with-notion-standin.sh bash scripts/with-discord-standin.sh $(RELEASE)/src/cli/moim serve --demo --dev

test:
	@bash scripts/test.sh

bench:
	@bash scripts/bench.sh

# docs/openapi.json: the API document the server serves (hand-written parts
# from web/openapi.json, typed routes generated from their declarations).
openapi: build
	@$(RELEASE)/src/cli/moim openapi > docs/openapi.json

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf build
