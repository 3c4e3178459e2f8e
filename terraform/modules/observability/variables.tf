variable "name" {
  type        = string
  description = "Prefix of every resource name."
}

variable "alarm_email" {
  type        = string
  description = "Address subscribed to the alarm topic (confirm the subscription mail once)."
}

variable "alb_arn_suffix" {
  type        = string
  description = "ARN suffix of the ALB."
}

variable "site_target_group_arn_suffix" {
  type        = string
  description = "ARN suffix of the site target group."
}

variable "site_cell_target_group_arn_suffixes" {
  type        = map(string)
  description = "ARN suffix of each site cell's target group, by cell name (\"search\": the search lane's); each gets a p99 alarm like the shared site's."
  default     = {}
}

variable "error_rate_percent" {
  type        = number
  description = "5xx answers (ALB and targets) as a percentage of requests over 5 minutes that raise the alarm."
}

variable "site_p99_seconds" {
  type        = number
  description = "Site response time p99 (seconds, over 5 minutes) that raises the alarm."
}

variable "tracker_cells" {
  type        = list(string)
  description = "Tracker cell names; each gets a flush-lag alarm."
}

variable "tracker_flush_lag_seconds" {
  type        = number
  description = "tracker_flush_lag_seconds (ledger age at flush) that raises the alarm; the flush runs every 3 s."
}

variable "redis_replication_group_id" {
  type        = string
  description = "ElastiCache replication group id; its nodes are <id>-001, <id>-002, …"
}

variable "redis_node_count" {
  type        = number
  description = "Nodes in the replication group (primary plus replicas)."
}

variable "redis_memory_percent" {
  type        = number
  description = "DatabaseMemoryUsagePercentage that raises the alarm (Redis runs with noeviction)."
}

variable "database_instance_id" {
  type        = string
  description = "RDS instance identifier."
}

variable "database_cpu_percent" {
  type        = number
  description = "RDS CPUUtilization (average over 10 minutes) that raises the alarm."
}

variable "database_free_storage_gb" {
  type        = number
  description = "FreeStorageSpace in GiB below which the alarm is raised."
}

variable "tags" {
  type        = map(string)
  description = "Common tags every resource carries (also set as the provider's default_tags)."
}
