# tests/bats
