//! refine-datasets: the demo workspace generator.
