// Each CLI run hosts its own embedded silo. Run them one at a time, as a user would: under xunit's parallel
// synchronization context (as many threads as cores, 2 here) two concurrent silo start-ups starved each other and
// hung, while the same two runs side by side in a plain process complete.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
