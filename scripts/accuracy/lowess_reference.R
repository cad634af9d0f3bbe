# Reference values for the web page's smoother and Q-Q line (web/app/lowess.ts, diagnostics.ts):
# R's lowess (f = 2/3, iter = 3, as plot.lm's panel.smooth) and qqline's intercept and slope,
# over a few deterministic samples (ties, an outlier, few points, a straight line).
#
#   Rscript scripts/accuracy/lowess_reference.R > test/fixtures/lowess/reference.json
set.seed(17)
cases <- list()
add <- function(name, x, y) {
  o <- order(x)
  x <- x[o]; y <- y[o]
  s <- lowess(x, y)
  q <- quantile(y, c(0.25, 0.75), names = FALSE)
  z <- qnorm(c(0.25, 0.75))
  slope <- diff(q) / diff(z)
  cases[[length(cases) + 1]] <<- list(name = name, x = x, y = y, smooth = s$y,
                                      qqIntercept = q[1L] - slope * z[1L], qqSlope = slope)
}
x <- runif(60, 0, 10); add("noisy line", x, 1 + 0.5 * x + rnorm(60))
x <- runif(40, 0, 3); y <- sin(2 * x) + rnorm(40, sd = 0.2); y[7] <- y[7] + 6; add("an outlier", x, y)
x <- rep(1:8, each = 3); add("ties in x", x, x^2 / 4 + rnorm(24))
add("few points", c(1, 2, 4, 5, 9), c(2, 1, 5, 3, 8))
add("a straight line", 1:12, 3 - 2 * (1:12))
x <- rnorm(300); add("many points", x, x^3 / 3 + rnorm(300))
num <- function(v) paste(sprintf("%.17g", v), collapse = ", ")
cat("[\n")
for (i in seq_along(cases)) {
  k <- cases[[i]]
  cat(sprintf('  {"name": "%s", "x": [%s], "y": [%s], "smooth": [%s], "qqIntercept": %s, "qqSlope": %s}%s\n',
              k$name, num(k$x), num(k$y), num(k$smooth), num(k$qqIntercept), num(k$qqSlope),
              if (i < length(cases)) "," else ""))
}
cat("]\n")
