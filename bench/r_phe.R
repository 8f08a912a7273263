# Times one PHEindicatormethods task on CSV inputs written by bench/stats.py.
# Usage: Rscript bench/r_phe.R <task> <dir>; writes <dir>/out.csv, prints the seconds.
# Only run when R and PHEindicatormethods are installed (the benchmark checks first).
suppressMessages({
  library(PHEindicatormethods)
  library(dplyr)
})
args <- commandArgs(trailingOnly = TRUE)
task <- args[1]
dir <- args[2]
esp <- c(5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000,
         5500, 5000, 4000, 2500, 1500, 1000)

elapsed <- function(expr) {
  start <- proc.time()[["elapsed"]]
  value <- force(expr)
  list(value = value, seconds = proc.time()[["elapsed"]] - start)
}

if (task == "proportions") {
  d <- read.csv(file.path(dir, "prop.csv"))
  r <- elapsed(phe_proportion(d, x, n, confidence = c(0.95, 0.998)))
} else if (task == "rates") {
  d <- read.csv(file.path(dir, "rate.csv"))
  r <- elapsed(phe_rate(d, x, n, confidence = c(0.95, 0.998)))
} else if (task == "dsr") {
  d <- read.csv(file.path(dir, "dsr.csv")) %>% arrange(area, ageband) %>% group_by(area)
  r <- elapsed(phe_dsr(d, count, pop, stdpop = esp, stdpoptype = "vector",
                       confidence = c(0.95, 0.998)))
} else if (task == "sii") {
  d <- read.csv(file.path(dir, "sii.csv")) %>% group_by(group)
  r <- elapsed(phe_sii(d, Decile, Pop, value = LifeExp, se = SE, repetitions = 100000,
                       confidence = 0.95, rii = TRUE))
} else {
  stop(paste("unknown task", task))
}
write.csv(as.data.frame(r$value), file.path(dir, "out.csv"), row.names = FALSE)
cat(r$seconds, "\n")
