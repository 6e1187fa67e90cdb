// Node prints an ExperimentalWarning when the migration engine's WebAssembly loads.
process.removeAllListeners("warning");
