variable "name" {
  type        = string
  description = "Prefix of every resource name."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the private DNS namespace services find each other in."
}

variable "secret_arns" {
  type        = list(string)
  description = "Secrets Manager ARNs task containers receive; the execution role may read these only."
}

variable "tags" {
  type        = map(string)
  description = "Common tags every resource carries (also set as the provider's default_tags)."
}
