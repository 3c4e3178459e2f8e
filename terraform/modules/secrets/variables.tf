variable "name" {
  type        = string
  description = "Prefix of every resource name; secrets are stored as <name>/<secret>."
}

variable "recovery_window_in_days" {
  type        = number
  description = "Days a deleted secret can still be restored (0 deletes at once: staging only)."
}

variable "tags" {
  type        = map(string)
  description = "Common tags every resource carries (also set as the provider's default_tags)."
}
