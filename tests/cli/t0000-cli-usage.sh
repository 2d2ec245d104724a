#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Command line: help, version, unknown commands and options.
. "$(dirname "$0")/lib.sh"

help_lists_commands() {
	kbp --help
	expect_status 0
	expect_grep stdout "detect"
	expect_grep stdout "apply"
	expect_no_sanitizer_report
}

version_prints_number() {
	kbp --version
	expect_status 0
	grep -qE '^kbackport [0-9]+\.[0-9]+\.[0-9]+$' stdout
}

no_command_is_usage_error() {
	kbp
	expect_status 2
	expect_grep stderr "usage: kbackport"
}

unknown_command_is_usage_error() {
	kbp frobnicate /tmp
	expect_status 2
	expect_grep stderr "unknown command 'frobnicate'"
	expect_grep stderr "hint: run 'kbackport --help'"
}

unknown_option_is_usage_error() {
	kbp --frob detect
	expect_status 2
	expect_grep stderr "unknown option '--frob'"
	kbp apply --frob .
	expect_status 2
}

missing_tree_is_usage_error() {
	kbp detect
	expect_status 2
	expect_grep stderr "missing TREE argument"
	kbp apply
	expect_status 2
	expect_grep stderr "missing TREE argument"
}

subcommand_help_documents_options() {
	kbp apply --help
	expect_status 0
	expect_grep stdout "--dry-run"
	expect_grep stdout "--in-place"
	expect_grep stdout "--no-checkout"
	kbp detect --help
	expect_status 0
	expect_grep stdout "--json"
}

run_case help_lists_commands
run_case version_prints_number
run_case no_command_is_usage_error
run_case unknown_command_is_usage_error
run_case unknown_option_is_usage_error
run_case missing_tree_is_usage_error
run_case subcommand_help_documents_options
test_done
