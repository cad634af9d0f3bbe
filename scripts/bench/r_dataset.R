# R's lm on a dataset file (issue 14's bench): read.csv of the first ROWS rows, lm of the bench
# formula (R's spelling: C(g) is factor(g)). Prints one JSON line with the phases' seconds and
# peak RSS (from /proc/self/status).
#
#   Rscript scripts/bench/r_dataset.R DATASET.csv ROWS
args <- commandArgs(TRUE)
rows <- as.numeric(args[2])
t0 <- proc.time()[["elapsed"]]
frame <- read.csv(args[1], nrows = rows, colClasses = c(rep("numeric", 5), "character", "character", "numeric"))
t1 <- proc.time()[["elapsed"]]
fit <- lm(y ~ x1 + x2 + x3 + x4 + x5 + factor(g) + h + x1:h, data = frame)
t2 <- proc.time()[["elapsed"]]
status <- readLines("/proc/self/status")
hwm <- as.numeric(gsub("[^0-9]", "", status[grepl("^VmHWM", status)])) / 1024
cat(sprintf('{"rows":%d,"readSeconds":%.3f,"fitSeconds":%.3f,"seconds":%.3f,"peakRssMB":%.1f,"x1":%.17g}\n',
  nrow(frame), t1 - t0, t2 - t1, t2 - t0, hwm, coef(fit)[["x1"]]))
