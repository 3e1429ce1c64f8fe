#pragma once
// Starts the console window: `runbook-console [RUNBOOK] [--inventory INV]`.

int runConsoleApplication(int argc, char* argv[]);
