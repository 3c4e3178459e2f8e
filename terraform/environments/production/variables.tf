variable "environment" {
  type        = string
  description = "Environment name (staging or production); part of every resource name and the Environment tag."
}

variable "region" {
  type        = string
  description = "AWS region, e.g. eu-west-1."
}

variable "availability_zones" {
  type        = list(string)
  description = "Two or three zones of the region."
}

variable "vpc_cidr" {
  type        = string
  description = "IPv4 range of the VPC, e.g. 10.40.0.0/16."
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for all zones (staging) instead of one per zone."
}

variable "base_domain" {
  type        = string
  description = "BASE_DOMAIN: tenant sites are <slug>.<base_domain>, the bare domain is the operator console."
}

variable "route53_zone_id" {
  type        = string
  description = "Route 53 hosted zone of base_domain."
}

variable "gateway_host" {
  type        = string
  description = "Host of the real-time gateway, e.g. live.<base_domain>."
}

variable "tenant_custom_domains" {
  type        = list(string)
  description = "Tenants' own domains to request certificates for."
}

variable "tenant_custom_domains_ready" {
  type        = list(string)
  description = "Custom domains whose certificate is issued: served and routed to the site."
}

variable "image_registry" {
  type        = string
  description = "ECR registry the images are pushed to, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com."
}

variable "image_tag" {
  type        = string
  description = "Image tag to run (a git tag pushed by images.yml, or a commit sha)."
}

variable "metrics_agent_image" {
  type        = string
  description = "CloudWatch agent image of the tracker's metrics sidecar."
}

variable "meilisearch_image" {
  type        = string
  description = "Meilisearch image, pinned to a version."
}

variable "search_backend" {
  type        = string
  description = "SEARCH_BACKEND: postgres or meilisearch."
}

variable "mail_from" {
  type        = string
  description = "MAIL_FROM of the site's mails."
}

variable "log_level" {
  type        = string
  description = "LOG_LEVEL of every process."
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps logs."
}

variable "database" {
  type = object({
    instance_class           = string
    allocated_storage_gb     = number
    max_allocated_storage_gb = number
    multi_az                 = bool
    backup_retention_days    = number
    deletion_protection      = bool
  })
  description = "RDS PostgreSQL 16: instance class, storage (GiB, autoscaling ceiling), Multi-AZ, backup days, deletion protection."
}

variable "redis" {
  type = object({
    node_type = string
    replicas  = number
  })
  description = "ElastiCache Redis 7: node type and read replicas (1+ enables failover)."
}

variable "search" {
  type = object({
    cpu        = number
    memory_mib = number
  })
  description = "Meilisearch task size."
}

variable "site" {
  type = object({
    cpu                 = number
    memory_mib          = number
    min_count           = number
    max_count           = number
    cpu_target          = number
    requests_per_target = number
  })
  description = "Site task size and autoscaling bounds and targets."
}

variable "gateway" {
  type = object({
    cpu                 = number
    memory_mib          = number
    min_count           = number
    max_count           = number
    cpu_target          = number
    requests_per_target = number
  })
  description = "Gateway task size and autoscaling bounds and targets."
}

variable "worker" {
  type = object({
    cpu        = number
    memory_mib = number
    count      = number
  })
  description = "Worker task size and count."
}

variable "site_cells" {
  type = map(object({
    hosts     = list(string)
    min_count = number
    max_count = number
  }))
  description = "Communities on a site service of their own (noisy-neighbour isolation): cell name => the hosts the ALB routes to it (<slug>.<base_domain>, ready custom domains) and its task count bounds. Empty: every community on the shared site service."
  default     = {}
}

variable "search_lane" {
  type = object({
    min_count = number
    max_count = number
  })
  description = "The search lane (noisy-neighbour isolation): the site's searches on a site service of their own, with these task count bounds. Null: searches on the shared site service."
  default     = null
}

variable "tracker_cells" {
  type = map(object({
    cpu        = number
    memory_mib = number
    count      = number
  }))
  description = "Tracker cells by name, each one ECS service behind its own NLB."
}

variable "default_tracker_cell" {
  type        = string
  description = "Cell whose announce URL the site hands out."
}

variable "alarms" {
  type = object({
    email                     = string
    error_rate_percent        = number
    site_p99_seconds          = number
    tracker_flush_lag_seconds = number
    redis_memory_percent      = number
    database_cpu_percent      = number
    database_free_storage_gb  = number
  })
  description = "Alarm recipient and thresholds."
}

variable "extra_tags" {
  type        = map(string)
  description = "Tags added to the common ones (e.g. CostCenter)."
  default     = {}
}
