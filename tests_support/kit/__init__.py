"""The test kit: the case format, worlds, factories, servers, clients and load tools."""
