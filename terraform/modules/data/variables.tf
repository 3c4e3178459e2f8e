variable "name" {
  type        = string
  description = "Prefix of every resource name."
}

variable "vpc_id" {
  type        = string
  description = "VPC the database and cache live in."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets (one per zone) for the DB subnet group and the cache subnet group."
}

variable "client_security_group_ids" {
  type        = list(string)
  description = "Security groups allowed to reach PostgreSQL (5432) and Redis (6379): the application tasks."
}

variable "database_instance_class" {
  type        = string
  description = "RDS instance class, e.g. db.t4g.medium (staging) or db.r7g.large (production)."
}

variable "database_allocated_storage_gb" {
  type        = number
  description = "Initial gp3 storage in GiB."
}

variable "database_max_allocated_storage_gb" {
  type        = number
  description = "Ceiling for storage autoscaling in GiB (0 turns it off)."
}

variable "database_multi_az" {
  type        = bool
  description = "Run a synchronous standby in a second zone (production: true)."
}

variable "database_backup_retention_days" {
  type        = number
  description = "Days of automated backups and point-in-time recovery (1-35)."

  validation {
    condition     = var.database_backup_retention_days >= 1 && var.database_backup_retention_days <= 35
    error_message = "database_backup_retention_days must be 1-35."
  }
}

variable "database_deletion_protection" {
  type        = bool
  description = "Refuse deletion of the database (production: true)."
}

variable "database_master_password" {
  type        = string
  description = "Password of the master user (the tables' owner), from the secrets module."
  sensitive   = true
}

variable "database_roles_password" {
  type        = string
  description = "APP_DB_PASSWORD the migration gives swarmhost_app and swarmhost_system."
  sensitive   = true
}

variable "redis_node_type" {
  type        = string
  description = "ElastiCache node type, e.g. cache.t4g.small or cache.r7g.large."
}

variable "redis_replicas" {
  type        = number
  description = "Read replicas next to the primary (0 = single node; 1+ enables automatic failover)."
}

variable "redis_auth_token" {
  type        = string
  description = "AUTH token of the replication group, from the secrets module."
  sensitive   = true
}

variable "secret_recovery_window_in_days" {
  type        = number
  description = "Days a deleted connection secret can still be restored."
}

variable "tags" {
  type        = map(string)
  description = "Common tags every resource carries (also set as the provider's default_tags)."
}
