# R's influence measures of a fit, for test/fixtures/influence/ (run by influenceReference.ts,
# which writes the designs and reads the answers back). Needs r-base-core only (Debian).
#
#   Rscript scripts/accuracy/influence_reference.R <directory>
#
# Each <name>.design.csv in <directory> holds a design matrix: columns row (the input row, from
# 1), y, w (the WLS weight, or empty for OLS), tol (lm's rank tolerance) and X1…Xp, every number
# written as a hexadecimal float ("%a"), so that R reads exactly the doubles the service fits.
# R fits lm(y ~ . - 1, tol = tol) on it (with weights when given) and writes <name>.influence.csv: the row, fitted values,
# residuals, hatvalues, rstandard, cooks.distance and the x of qqnorm(rstandard), as "%a".
args <- commandArgs(trailingOnly = TRUE)
directory <- args[[1]]
hex <- function(x) ifelse(is.na(x), "NA", sprintf("%a", x))
for (path in sort(Sys.glob(file.path(directory, "*.design.csv")))) {
  raw <- read.csv(path, colClasses = "character", check.names = FALSE)
  rows <- as.integer(raw$row)
  y <- as.numeric(raw$y)
  weighted <- any(raw$w != "")
  tol <- as.numeric(raw$tol[[1]])
  design <- as.data.frame(lapply(raw[, grep("^X", names(raw)), drop = FALSE], as.numeric))
  design$y <- y
  fit <- if (weighted) {
    w <- as.numeric(raw$w)
    lm(y ~ . - 1, data = design, weights = w, tol = tol)
  } else {
    lm(y ~ . - 1, data = design, tol = tol)
  }
  standardized <- rstandard(fit)
  # qqnorm drops the NaN of rows of leverage 1, as plot.lm's Q-Q plot does.
  qq <- rep(NA_real_, length(standardized))
  finite <- is.finite(standardized)
  qq[finite] <- qqnorm(standardized[finite], plot.it = FALSE)$x
  out <- data.frame(
    row = rows,
    fitted = hex(fitted(fit)),
    residual = hex(residuals(fit)),
    hat = hex(hatvalues(fit)),
    rstandard = hex(standardized),
    cooks = hex(cooks.distance(fit)),
    qqnorm = hex(qq),
    rank = fit$rank
  )
  write.csv(out, sub("\\.design\\.csv$", ".influence.csv", path), row.names = FALSE, quote = FALSE)
}
cat(R.version.string, "\n")
