# LREs that R's lm reaches on the NIST StRD files in test/fixtures/nist-strd, with its
# default tolerance (1e-7) and with tol = 1e-10. Prints the minimum LRE (digits correct)
# over coefficients, standard errors, R^2 and residual SD; an aliased coefficient (NA)
# counts as 0 digits. Needs r-base-core and r-cran-jsonlite (Debian).
#
# Run from the repository root:  Rscript scripts/accuracy/r_nist.R
suppressMessages(library(jsonlite))

lre <- function(estimate, certified) {
  if (is.na(estimate) || !is.finite(estimate)) return(0)
  error <- if (certified == 0) abs(estimate) else abs(estimate - certified) / abs(certified)
  if (error == 0) 15 else max(0, min(15, -log10(error)))
}

cat(R.version.string, "\n")
cat("dataset   | tol   | coef | s.e. | R² | res. SD | aliased\n")
for (path in sort(Sys.glob("test/fixtures/nist-strd/*.json"))) {
  d <- fromJSON(path)
  data <- as.data.frame(d$data)
  formula <- as.formula(gsub("\\*\\*", "^", d$formula))
  cert <- d$certified
  for (tol in c(1e-7, 1e-10)) {
    fit <- lm(formula, data = data, tol = tol)
    s <- summary(fit)
    params <- coef(fit)
    se <- rep(NA_real_, length(params))
    names(se) <- names(params)
    se[rownames(s$coefficients)] <- s$coefficients[, "Std. Error"]
    coef_lre <- min(mapply(lre, params, cert$params))
    se_lre <- min(mapply(lre, se, cert$se))
    r2 <- lre(s$r.squared, cert$r_squared)
    sd <- lre(s$sigma, cert$residual_sd)
    name <- sub("\\.json$", "", basename(path))
    cat(sprintf("%-9s | %5.0e | %4.1f | %4.1f | %4.1f | %4.1f | %s\n", name, tol, coef_lre, se_lre, r2, sd,
                paste(names(params)[is.na(params)], collapse = ",")))
  }
}
