variable "name" {
  type        = string
  description = "Prefix of every resource name."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the service, its file system and security groups."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets for the task and the EFS mount targets."
}

variable "client_security_group_ids" {
  type        = list(string)
  description = "Security groups allowed to reach Meilisearch on 7700: the application tasks."
}

variable "cluster_arn" {
  type        = string
  description = "ECS cluster the service runs in."
}

variable "namespace_id" {
  type        = string
  description = "Private DNS namespace the service registers as meilisearch.<namespace>."
}

variable "namespace_name" {
  type        = string
  description = "Name of that namespace, for the URL output."
}

variable "execution_role_arn" {
  type        = string
  description = "Task execution role allowed to read the master key secret."
}

variable "master_key_secret_arn" {
  type        = string
  description = "Secrets Manager ARN of MEILI_MASTER_KEY."
}

variable "image" {
  type        = string
  description = "Meilisearch image, pinned to a version, e.g. getmeili/meilisearch:v1.16."
}

variable "cpu" {
  type        = number
  description = "Fargate CPU units of the task (1024 = one vCPU)."
}

variable "memory_mib" {
  type        = number
  description = "Fargate memory of the task in MiB."
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the service's logs."
}

variable "tags" {
  type        = map(string)
  description = "Common tags every resource carries (also set as the provider's default_tags)."
}
