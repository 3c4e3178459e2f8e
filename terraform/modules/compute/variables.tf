variable "name" {
  type        = string
  description = "Prefix of every resource name."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the services and the tracker load balancers."
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnets the tracker NLBs listen in."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets every task runs in."
}

variable "tasks_security_group_id" {
  type        = string
  description = "Security group of the application tasks."
}

variable "cluster_arn" {
  type        = string
  description = "ECS cluster the services run in."
}

variable "cluster_name" {
  type        = string
  description = "Name of that cluster (autoscaling resource ids)."
}

variable "execution_role_arn" {
  type        = string
  description = "Task execution role (image pull, logs, secrets)."
}

variable "image_registry" {
  type        = string
  description = "ECR registry holding the images, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com."
}

variable "image_tag" {
  type        = string
  description = "Tag of every image to run (images.yml pushes the commit sha, and the tag name for a v* tag)."
}

variable "base_domain" {
  type        = string
  description = "BASE_DOMAIN: tenant sites are <slug>.<base_domain>."
}

variable "route53_zone_id" {
  type        = string
  description = "Hosted zone of base_domain; each tracker cell gets <cell>.tracker.<base_domain>."
}

variable "gateway_host" {
  type        = string
  description = "Host name browsers reach the gateway at (REALTIME_PUBLIC_URL is https://<gateway_host>)."
}

variable "mail_from" {
  type        = string
  description = "MAIL_FROM of the site's mails, e.g. Swarmhost <noreply@example.org>."
}

variable "log_level" {
  type        = string
  description = "LOG_LEVEL of every process: debug, info, warn or error."
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the processes' logs."
}

variable "database_secret_arn" {
  type        = string
  description = "JSON secret with owner_url, app_url, system_url and roles_password."
}

variable "redis_secret_arn" {
  type        = string
  description = "Secret holding REDIS_URL."
}

variable "realtime_token_secret_arn" {
  type        = string
  description = "Secret holding REALTIME_TOKEN_SECRET."
}

variable "smtp_url_secret_arn" {
  type        = string
  description = "Secret holding SMTP_URL."
}

variable "meilisearch_key_secret_arn" {
  type        = string
  description = "Secret holding the Meilisearch key (MEILISEARCH_KEY)."
}

variable "search_backend" {
  type        = string
  description = "SEARCH_BACKEND of the site and worker: postgres or meilisearch."

  validation {
    condition     = contains(["postgres", "meilisearch"], var.search_backend)
    error_message = "search_backend must be postgres or meilisearch."
  }
}

variable "meilisearch_url" {
  type        = string
  description = "MEILISEARCH_URL (private DNS name of the search service)."
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
  description = "Site service size and autoscaling: Fargate CPU units and MiB per task, task count bounds, target CPU % and ALB requests per task per minute."
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
  description = "Gateway service size and autoscaling, as for site."
}

variable "worker" {
  type = object({
    cpu        = number
    memory_mib = number
    count      = number
  })
  description = "Background worker service: Fargate CPU units and MiB per task, and the task count."
}

variable "tracker_cells" {
  type = map(object({
    cpu        = number
    memory_mib = number
    count      = number
  }))
  description = "Tracker cells by name (e.g. main): each is one ECS service behind its own NLB (TCP and UDP 6969) at <cell>.tracker.<base_domain>."

  validation {
    condition     = length(var.tracker_cells) > 0 && alltrue([for cell in keys(var.tracker_cells) : can(regex("^[a-z0-9]{1,7}$", cell))])
    error_message = "tracker_cells needs at least one cell, named with 1-7 lowercase letters or digits (load balancer names are at most 32 characters)."
  }
}

variable "default_tracker_cell" {
  type        = string
  description = "Cell whose announce URL the site hands out (PUBLIC_TRACKER_URL); a key of tracker_cells."

  validation {
    condition     = contains(keys(var.tracker_cells), var.default_tracker_cell)
    error_message = "default_tracker_cell must be one of the tracker_cells."
  }
}

variable "site_cells" {
  type = map(object({
    min_count = number
    max_count = number
  }))
  description = "Site cells by name (the edge module routes their hosts): each is a site service of its own with the site's task definition, scaled between these counts on the site's CPU and request targets."
  default     = {}
}

variable "site_cell_target_group_arns" {
  type        = map(string)
  description = "ALB target group of each site cell, by cell name (the edge module's output)."
  default     = {}

  validation {
    condition     = alltrue([for cell in concat(keys(var.site_cells), var.search_lane == null ? [] : ["search"]) : contains(keys(var.site_cell_target_group_arns), cell)])
    error_message = "Every site cell (and the search lane, as \"search\") needs its target group in site_cell_target_group_arns."
  }
}

variable "site_cell_target_group_arn_suffixes" {
  type        = map(string)
  description = "ARN suffix of each site cell's target group (request-count scaling), by cell name."
  default     = {}
}

variable "search_lane" {
  type = object({
    min_count = number
    max_count = number
  })
  description = "The search lane: a site service of its own (the site's task definition), registered in site_cell_target_group_arns[\"search\"], that the edge sends the site's searches to, scaled between these counts on the site's CPU and request targets. Null: searches stay on the shared site."
  default     = null

  validation {
    condition     = var.search_lane == null || !contains(keys(var.site_cells), "search")
    error_message = "The site cell name \"search\" is the search lane's."
  }
}

variable "site_target_group_arn" {
  type        = string
  description = "ALB target group of the site."
}

variable "site_target_group_arn_suffix" {
  type        = string
  description = "ARN suffix of the site target group (request-count scaling)."
}

variable "gateway_target_group_arn" {
  type        = string
  description = "ALB target group of the gateway."
}

variable "gateway_target_group_arn_suffix" {
  type        = string
  description = "ARN suffix of the gateway target group (request-count scaling)."
}

variable "alb_arn_suffix" {
  type        = string
  description = "ARN suffix of the ALB (request-count scaling)."
}

variable "web_trusted_proxies" {
  type        = list(string)
  description = "WEB_TRUSTED_PROXIES: addresses of the proxies in front of the site (the ALB's subnets)."
}

variable "tags" {
  type        = map(string)
  description = "Common tags every resource carries (also set as the provider's default_tags)."
}

variable "metrics_agent_image" {
  type        = string
  description = "CloudWatch agent image of the tracker's sidecar that turns tracker_flush_lag_seconds from /metrics into a CloudWatch metric."
}
