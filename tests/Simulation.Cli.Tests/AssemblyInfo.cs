// Each CLI run hosts its own embedded silo; run them one at a time, as a user would, and to fit a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
