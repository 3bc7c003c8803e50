# The two commands a newcomer needs (see README.md). Each installs whatever is missing first.
.PHONY: run test measure

run:  ## start HyOpps (development mode)
	@scripts/setup.sh
	@scripts/run.sh

test:  ## run every test: lints, unit, IPC, UI in Chromium, end to end in the window
	@scripts/setup.sh
	@scripts/test.sh

measure:  ## release build, .deb, sizes, start-up time and idle memory
	@scripts/setup.sh
	@scripts/measure-startup.sh
